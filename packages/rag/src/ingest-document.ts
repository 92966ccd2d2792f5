import { ValidationError, type IngestPayload, type Progress } from "@switchyard/shared";
import { chunkText, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "./chunk-text.js";
import type { ChunkMetadata, ChunkRecord } from "./chroma-store.js";
import { htmlToText, tidy } from "./html-to-text.js";
import type { DependencyCall, RagDeps } from "./rag-deps.js";

export interface IngestRun {
  signal: AbortSignal;
  call: DependencyCall;
  progress: (p: Progress) => Promise<void>;
  /** Texts per embedding request (progress is reported after each). */
  embedBatch?: number;
  chunking?: ChunkOptions;
  now?: () => Date;
}

export interface IngestOutcome {
  documentId: string;
  collection: string;
  chunks: number;
  tokens: number;
  replaced: number;
}

/**
 * ingest.document: clean text → token-sized chunks → embeddings (batched) → Chroma, replacing
 * the document's earlier chunks. Progress per stage: 5 cleaned, 10 chunked, 10–90 embedding,
 * 100 stored.
 */
export async function ingestDocument(deps: RagDeps, doc: IngestPayload, run: IngestRun): Promise<IngestOutcome> {
  const { source, title, text } = await cleanText(deps, doc, run);
  if (text.length === 0) throw new ValidationError([{ path: doc.html !== undefined ? "html" : "text", message: "no readable text in the document" }]);
  await run.progress({ percent: 5, message: `cleaned: ${text.length} characters` });

  const chunks = await chunkText(text, deps.tokens, run.chunking ?? DEFAULT_CHUNK_OPTIONS);
  const tokens = chunks.reduce((n, c) => n + deps.tokens.count(c), 0);
  await run.progress({ percent: 10, message: `split into ${chunks.length} chunks (${tokens} tokens)` });

  const batch = run.embedBatch ?? 64;
  const vectors: number[][] = [];
  for (let i = 0; i < chunks.length; i += batch) {
    run.signal.throwIfAborted();
    const part = chunks.slice(i, i + batch);
    vectors.push(...(await run.call("gpu-runner", (signal) => deps.embed(part, AbortSignal.any([signal, run.signal])))));
    await run.progress({ percent: 10 + Math.floor((80 * vectors.length) / chunks.length), message: `embedded ${vectors.length}/${chunks.length} chunks` });
  }

  const createdAt = (run.now?.() ?? new Date()).toISOString();
  const records: ChunkRecord[] = chunks.map((chunk, chunkIndex) => {
    const metadata: ChunkMetadata = { ...doc.metadata, documentId: doc.id, source, chunkIndex, createdAt };
    if (title) metadata.title = title;
    return { text: chunk, embedding: vectors[chunkIndex] as number[], metadata };
  });
  const { removed } = await run.call("chroma", () => deps.store.replaceDocument(doc.collection, doc.id, records));
  await run.progress({ percent: 100, message: `stored ${records.length} chunks in ${doc.collection}${removed ? `, replaced ${removed}` : ""}` });
  return { documentId: doc.id, collection: doc.collection, chunks: records.length, tokens, replaced: removed };
}

async function cleanText(deps: RagDeps, doc: IngestPayload, run: IngestRun): Promise<{ source: string; title: string | null; text: string }> {
  if (doc.text !== undefined) return { source: doc.source ?? "text", title: doc.title ?? null, text: tidy(doc.text) };
  if (doc.html !== undefined) {
    const page = htmlToText(doc.html);
    return { source: doc.source ?? "html", title: doc.title ?? page.title, text: page.text };
  }
  const url = doc.url as string;
  if (!deps.fetchPage) {
    throw new ValidationError([{ path: "url", message: "not available: URL ingestion goes through the scraper, which this worker does not have; send text or html" }]);
  }
  const page = await deps.fetchPage(url, run.signal);
  const cleaned = page.html !== undefined ? htmlToText(page.html) : { title: page.title, text: tidy(page.text ?? "") };
  return { source: page.url, title: doc.title ?? page.title ?? cleaned.title, text: cleaned.text };
}
