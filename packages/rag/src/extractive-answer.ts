import type { RagAnswer } from "@switchyard/shared";
import type { ChunkHit } from "./chroma-store.js";
import { citationOf } from "./citations.js";

const STOPWORDS = new Set(
  "a an the and or but of to in on at for with by from as is are was were be been being do does did how what when where which who whom why whose this that these those it its i you he she we they me my your our their there here can could should would will shall may might must not no yes if then than so such into onto about over under out up down".split(" "),
);

/** Lower-case word stems without stop words (a light suffix strip: enough to match "queues" with "queue"). */
export function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    out.add(w.replace(/(ing|ed|es|s)$/, "") || w);
  }
  return out;
}

/** Sentences of a chunk (ends of sentences and lines). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 3);
}

export interface ExtractiveOptions {
  /** Most sentences in the answer. */
  maxSentences?: number;
}

/**
 * The answer without a language model: the sentences of the retrieved chunks that best match
 * the question (shared word stems, weighted by their chunk's similarity), each followed by
 * the number of the citation it comes from. Citations are the retrieved chunks, best first.
 */
export function extractiveAnswer(query: string, hits: readonly ChunkHit[], options: ExtractiveOptions = {}): RagAnswer {
  const citations = hits.map(citationOf);
  if (hits.length === 0) return { answer: "No passage in the collection matches the question.", mode: "extractive", citations };
  const q = terms(query);
  const scored: Array<{ text: string; source: number; score: number; order: number }> = [];
  hits.forEach((hit, source) => {
    sentences(hit.text).forEach((text, i) => {
      const t = terms(text);
      let shared = 0;
      for (const w of q) if (t.has(w)) shared++;
      const overlap = q.size === 0 ? 0 : shared / q.size;
      scored.push({ text, source, score: 0.6 * overlap + 0.4 * hit.score, order: source * 1_000 + i });
    });
  });
  const picked: typeof scored = [];
  const seen = new Set<string>();
  for (const s of [...scored].sort((a, b) => b.score - a.score)) {
    if (picked.length >= (options.maxSentences ?? 2)) break;
    if (seen.has(s.text)) continue;
    seen.add(s.text);
    picked.push(s);
  }
  // In reading order, so two sentences of one passage read as written.
  picked.sort((a, b) => a.order - b.order);
  const answer = picked.map((s) => `${s.text} [${s.source + 1}]`).join(" ");
  return { answer, mode: "extractive", citations };
}
