export { createHandlers, type HandlerConfig } from "./handler-registry.js";
export type { ProbeTargets } from "./diagnostic-probe.js";
export { createEmbedTextsHandler, type EmbedTextsBackend, type EmbedTextsHandlerOptions, type EmbedTextsRequest } from "./embed-texts.js";
