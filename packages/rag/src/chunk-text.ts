import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { TokenCounter } from "@switchyard/ai";

export interface ChunkOptions {
  /** Most tokens per chunk (capped at the model's own limit, so nothing is silently cut off). */
  chunkTokens: number;
  /** Tokens shared by neighbouring chunks. */
  overlapTokens: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { chunkTokens: 96, overlapTokens: 16 };

/** Paragraphs, then lines, then sentences, then words: the splitter keeps the largest units that fit. */
const SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""];

/**
 * Split a clean text into chunks sized in the embedding model's own tokens, with overlap
 * (@langchain/textsplitters' RecursiveCharacterTextSplitter with the tokenizer as its length).
 */
export async function chunkText(text: string, tokens: TokenCounter, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<string[]> {
  const chunkSize = Math.min(options.chunkTokens, tokens.maxTokens);
  const chunkOverlap = Math.min(options.overlapTokens, Math.floor(chunkSize / 2));
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize,
    chunkOverlap,
    separators: SEPARATORS,
    keepSeparator: true,
    lengthFunction: (t: string) => tokens.count(t),
  });
  const chunks = await splitter.splitText(text);
  return chunks.map((c) => c.trim()).filter((c) => c.length > 0);
}
