import type { EmbeddingClient } from "@switchyard/ai";
import type { HandlerRegistry } from "@switchyard/queue";
import type { RagDeps } from "@switchyard/rag";
import { diagnosticFlaky } from "./diagnostic-flaky.js";
import { diagnosticNoop } from "./diagnostic-noop.js";
import { createDiagnosticProbe, type ProbeTargets } from "./diagnostic-probe.js";
import { diagnosticSleep } from "./diagnostic-sleep.js";
import { createEmbedTextsHandler, type EmbedTextsBackend, type EmbedTextsHandlerOptions } from "./embed-texts.js";
import { createIngestDocumentHandler, type IngestHandlerOptions } from "./ingest-document.js";
import { createMaintenanceCleanupHandler, type CleanupOptions } from "./maintenance-cleanup.js";
import { createHealthSweepHandler, type HealthSweepOptions } from "./maintenance-health-sweep.js";
import { createChromaOrphansHandler, type ChromaOrphansOptions } from "./maintenance-chroma-orphans.js";
import { createRagQueryHandler } from "./rag-query.js";
import type { BatchOptions } from "./batch-run.js";
import { createEmbedBatchHandler } from "./embed-batch.js";
import { createScrapeBatchHandler } from "./scrape-batch.js";
import { createScrapePageHandler, type ScrapePageOptions } from "./scrape-page.js";

export interface HandlerConfig {
  probeTargets: ProbeTargets;
  /** The platform's embedding backend (packages/ai); null when none is configured. */
  embeddings?: EmbeddingClient | null;
  /** Chroma, embeddings, tokenizer and chat model for rag.query and ingest.document; absent: those types have no handler here. */
  rag?: RagDeps | null;
  ingest?: IngestHandlerOptions;
  /** The scraper (SSRF guard, browser pool, robots.txt), per-host rate limit and ingestion seam; absent: no scrape.page here. */
  scrape?: ScrapePageOptions | null;
  /** Submitting and watching child tasks (the core submit path, wired by the worker); absent: no scrape.batch or embed.batch here. */
  batch?: BatchOptions | null;
  /** The task history and screenshot directory; absent: no maintenance.cleanup here. */
  cleanup?: CleanupOptions | null;
  /** Redis, the database's size and the dependencies' health URLs; absent: no maintenance.health-sweep here. */
  health?: HealthSweepOptions | null;
  /** Chroma's URL; absent: no maintenance.chroma-orphans here. */
  chromaOrphans?: ChromaOrphansOptions | null;
  /** What computes embeddings in process (the GPU runner, which serves the embed pool); absent: no embed.texts here. */
  embedTexts?: { backend: EmbedTextsBackend; options?: EmbedTextsHandlerOptions } | null;
}

/**
 * The one registry of task handlers. To add a task type: its schemas go in
 * packages/shared/src/task-catalog.ts, its handler in a file here, and one line below
 * (handler-coverage.test.ts fails until every catalog type has one).
 */
export function createHandlers(config: HandlerConfig): HandlerRegistry {
  return {
    "diagnostic.noop": diagnosticNoop,
    "diagnostic.sleep": diagnosticSleep,
    "diagnostic.flaky": diagnosticFlaky,
    "diagnostic.probe": createDiagnosticProbe(config.probeTargets, config.embeddings ?? null),
    ...(config.rag ? { "rag.query": createRagQueryHandler(config.rag) } : {}),
    ...(config.rag ? { "ingest.document": createIngestDocumentHandler(config.rag, config.ingest) } : {}),
    ...(config.scrape ? { "scrape.page": createScrapePageHandler(config.scrape) } : {}),
    ...(config.batch ? { "scrape.batch": createScrapeBatchHandler(config.batch), "embed.batch": createEmbedBatchHandler(config.batch) } : {}),
    ...(config.cleanup ? { "maintenance.cleanup": createMaintenanceCleanupHandler(config.cleanup) } : {}),
    ...(config.health ? { "maintenance.health-sweep": createHealthSweepHandler(config.health) } : {}),
    ...(config.chromaOrphans ? { "maintenance.chroma-orphans": createChromaOrphansHandler(config.chromaOrphans) } : {}),
    ...(config.embedTexts ? { "embed.texts": createEmbedTextsHandler(config.embedTexts.backend, config.embedTexts.options) } : {}),
  };
}
