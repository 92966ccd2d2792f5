import type { Citation } from "@switchyard/shared";
import type { ChunkHit } from "./chroma-store.js";

/** A search hit as the answer cites it. */
export function citationOf(hit: ChunkHit): Citation {
  const m = hit.metadata;
  return {
    documentId: typeof m.documentId === "string" ? m.documentId : hit.id.split("#")[0] ?? hit.id,
    title: typeof m.title === "string" ? m.title : null,
    chunkIndex: typeof m.chunkIndex === "number" ? m.chunkIndex : 0,
    text: hit.text,
    score: Math.round(hit.score * 10_000) / 10_000,
  };
}
