import { DEFAULT_EMBED_CHUNK, type BatchType } from "./batches.js";
import type { TaskPayload } from "./task-catalog.js";

/** One child a batch submits, and what it was given (named in the batch's failures). */
export type BatchChild =
  | { type: "scrape.page"; payload: TaskPayload<"scrape.page">; input: string }
  | { type: "embed.texts"; payload: TaskPayload<"embed.texts">; input: string }
  | { type: "ingest.document"; payload: TaskPayload<"ingest.document">; input: string };

/**
 * How a batch's payload splits into children, in input order: the batch's handler submits
 * them and the batch status names them by index. Pure, so both agree on every index.
 */
export function batchChildren(type: "scrape.batch", payload: TaskPayload<"scrape.batch">): BatchChild[];
export function batchChildren(type: "embed.batch", payload: TaskPayload<"embed.batch">): BatchChild[];
export function batchChildren(type: BatchType, payload: TaskPayload<BatchType>): BatchChild[];
export function batchChildren(type: BatchType, payload: TaskPayload<BatchType>): BatchChild[] {
  if (type === "scrape.batch") {
    const p = payload as TaskPayload<"scrape.batch">;
    return p.urls.map((url) => ({
      type: "scrape.page",
      payload: { url, screenshot: p.screenshot, ...(p.ingest ? { ingest: p.ingest } : {}) },
      input: url,
    }));
  }
  const p = payload as TaskPayload<"embed.batch">;
  if (p.texts !== undefined) {
    const size = p.chunkSize ?? DEFAULT_EMBED_CHUNK;
    const out: BatchChild[] = [];
    for (let i = 0; i < p.texts.length; i += size) {
      const texts = p.texts.slice(i, i + size);
      out.push({
        type: "embed.texts",
        payload: { texts, ...(p.model !== undefined ? { model: p.model } : {}) },
        input: `texts ${i}–${i + texts.length - 1}`,
      });
    }
    return out;
  }
  const collection = p.collection ?? "";
  return (p.documents ?? []).map((doc) => ({ type: "ingest.document", payload: { ...doc, collection }, input: `document ${doc.id}` }));
}

/** How many children a batch has, without building them. */
export function batchChildCount(type: BatchType, payload: TaskPayload<BatchType>): number {
  if (type === "scrape.batch") return (payload as TaskPayload<"scrape.batch">).urls.length;
  const p = payload as TaskPayload<"embed.batch">;
  if (p.texts !== undefined) return Math.ceil(p.texts.length / (p.chunkSize ?? DEFAULT_EMBED_CHUNK));
  return p.documents?.length ?? 0;
}
