export { createHandlers, type HandlerConfig } from "./handler-registry.js";
export type { ProbeTargets } from "./diagnostic-probe.js";
export { createEmbedTextsHandler, type EmbedTextsBackend, type EmbedTextsHandlerOptions, type EmbedTextsRequest } from "./embed-texts.js";
export { createIngestDocumentHandler, type IngestHandlerOptions } from "./ingest-document.js";
export { createRagQueryHandler } from "./rag-query.js";
export { createScrapePageHandler, type ScrapePageOptions, type ScrapedDocument, type SubmitIngest } from "./scrape-page.js";
export { createScrapeBatchHandler, type BatchChildren, type ChildOutcome, type ScrapeBatchOptions } from "./scrape-batch.js";
export { createMaintenanceCleanupHandler, type CleanupOptions } from "./maintenance-cleanup.js";
