import type { TaskHandler } from "@switchyard/queue";
import { ingestDocument, type ChunkOptions, type RagDeps } from "@switchyard/rag";
import { asPermanent } from "./permanent-failure.js";

export interface IngestHandlerOptions {
  chunking?: ChunkOptions;
  /** Texts per embedding request; default 64. */
  embedBatch?: number;
}

/**
 * ingest.document: the document cleaned, chunked by the embedding model's tokens, embedded in
 * batches through the `gpu-runner` breaker and stored through the `chroma` breaker (with
 * either one open the task waits as a delayed job, spending no attempt).
 */
export function createIngestDocumentHandler(deps: RagDeps, options: IngestHandlerOptions = {}): TaskHandler<"ingest.document"> {
  return async (ctx) => {
    try {
      return await ingestDocument(deps, ctx.payload, {
        signal: ctx.signal,
        call: (name, fn) => ctx.dependency(name, fn),
        progress: (p) => ctx.progress(p),
        ...(options.chunking ? { chunking: options.chunking } : {}),
        ...(options.embedBatch ? { embedBatch: options.embedBatch } : {}),
      });
    } catch (err) {
      throw asPermanent(err);
    }
  };
}
