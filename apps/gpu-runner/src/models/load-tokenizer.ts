import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { SentencePieceUnigramTokenizer } from "../tokenizers/sentencepiece-unigram.js";
import type { TextTokenizer } from "../tokenizers/tokenizer.js";
import { WordPieceTokenizer, tokenizerJsonSchema } from "../tokenizers/wordpiece.js";
import type { ModelManifest } from "./manifest.js";

/**
 * [piece, score] pairs. A few pieces of the USE vocabulary carry a null score (":", "://",
 * "▁:)" …); the reference tokenizer adds it as a number, i.e. as 0, and so do we.
 */
const vocabSchema = z.array(z.tuple([z.string(), z.number().nullable().transform((v) => v ?? 0)]));

/** The tokenizer a manifest names, from its file in the model folder. */
export async function loadTokenizer(manifest: ModelManifest, dir: string): Promise<TextTokenizer> {
  const spec = manifest.tokenizer;
  const file = manifest.files.tokenizer;
  if (!spec || !file) throw new Error(`model ${manifest.id}: no tokenizer configured`);
  const json: unknown = JSON.parse(await readFile(join(dir, file), "utf8"));
  if (spec.kind === "sentencepiece-unigram") {
    const vocab = vocabSchema.parse(json);
    return new SentencePieceUnigramTokenizer(vocab, {
      maxTokens: manifest.maxTokens ?? 128,
      ...(spec.reservedSymbols !== undefined ? { reservedSymbols: spec.reservedSymbols } : {}),
    });
  }
  const parsed = tokenizerJsonSchema.parse(json);
  return new WordPieceTokenizer(parsed, manifest.maxTokens ? { maxTokens: manifest.maxTokens } : {});
}
