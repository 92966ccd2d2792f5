import type { TextTokenizer, TokenizedText } from "./tokenizer.js";

/**
 * SentencePiece unigram tokenizer (Viterbi over the vocabulary's pieces and scores) that
 * reproduces the tokenizer shipped with the TF.js Universal Sentence Encoder (the one in
 * @energetic-ai/embeddings and tfjs-models), id for id, so our ONNX export sees exactly the
 * ids that model was run with:
 *
 * - normalisation: Unicode NFKC; then "▁" (U+2581) is prepended and every ASCII space becomes
 *   "▁". Like that tokenizer (and unlike SentencePiece's nmt_nfkc rule), runs of spaces are
 *   kept and nothing is trimmed.
 * - the first `reservedSymbols` entries (<unk>, <s>, </s>, extras) never match text.
 * - a position where no piece starts becomes one unknown symbol (id 0) of score 0; runs of
 *   unknowns merge into one id 0.
 * - ties between paths go to the later candidate (score >= best), and a position whose best
 *   score is exactly 0 counts as unset, as in the reference.
 * - the backward pass steps back by each piece's length in UTF-16 units, as the reference does
 *   (identical to code points for this vocabulary, which has no astral characters).
 *
 * The output is capped at `maxTokens` ids (over-length input is truncated). Text longer than
 * `maxInputChars` code points is cut first so one huge input cannot stall the event loop; the
 * cut is far beyond what `maxTokens` tokens can cover (at most maxTokens × longest piece).
 */
export type Vocabulary = ReadonlyArray<readonly [string, number | null]>;

interface TrieNode {
  children: Map<number, TrieNode>;
  /** Piece id ending here, or -1. */
  id: number;
  score: number;
}

const SEPARATOR = "\u2581";

export interface SentencePieceOptions {
  maxTokens: number;
  reservedSymbols?: number;
  unknownId?: number;
}

export class SentencePieceUnigramTokenizer implements TextTokenizer {
  readonly kind = "sentencepiece-unigram" as const;
  readonly maxTokens: number;
  readonly maxInputChars: number;
  private readonly root: TrieNode = { children: new Map(), id: -1, score: 0 };
  private readonly stepLength: Int32Array;
  private readonly unknownId: number;

  constructor(vocabulary: Vocabulary, options: SentencePieceOptions) {
    const reserved = options.reservedSymbols ?? 6;
    this.unknownId = options.unknownId ?? 0;
    this.maxTokens = options.maxTokens;
    this.stepLength = new Int32Array(vocabulary.length);
    let longest = 1;
    vocabulary.forEach(([piece, score], id) => {
      this.stepLength[id] = piece.length;
      if (id < reserved) return;
      let node = this.root;
      let count = 0;
      for (const ch of piece) {
        const cp = ch.codePointAt(0) ?? 0;
        let next = node.children.get(cp);
        if (!next) {
          next = { children: new Map(), id: -1, score: 0 };
          node.children.set(cp, next);
        }
        node = next;
        count++;
      }
      if (count === 0) return;
      // A duplicate piece keeps the later entry, like the reference trie.
      node.id = id;
      // null scores (a few pieces of the USE vocabulary) count as 0, as in the reference.
      node.score = score ?? 0;
      longest = Math.max(longest, count);
    });
    if ((this.stepLength[this.unknownId] ?? 0) < 1) this.stepLength[this.unknownId] = 1;
    this.maxInputChars = Math.max(1024, this.maxTokens * longest * 4);
  }

  /** Code points of the normalised text, "▁"-joined as the reference does. */
  normalize(text: string): number[] {
    let input = text;
    if (input.length > this.maxInputChars * 2) input = input.slice(0, this.maxInputChars * 2);
    const cps: number[] = [];
    const normalized = input.normalize("NFKC");
    if (normalized.length === 0) return cps;
    cps.push(SEPARATOR.codePointAt(0) ?? 0x2581);
    for (const ch of normalized) {
      if (cps.length > this.maxInputChars) break;
      const cp = ch.codePointAt(0) ?? 0;
      cps.push(cp === 0x20 ? 0x2581 : cp);
    }
    return cps;
  }

  /** All ids of the text, without the cap. */
  encodeAll(text: string): number[] {
    const symbols = this.normalize(text);
    const n = symbols.length;
    if (n === 0) return [];
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const base = best[i] ?? 0;
      let node: TrieNode | undefined = this.root;
      let matched = false;
      for (let j = i; j < n && node; j++) {
        node = node.children.get(symbols[j] ?? -1);
        if (!node) break;
        if (node.id >= 0) {
          matched = true;
          this.relax(best, words, j + 1, node.score + base, node.id);
        }
      }
      if (!matched) this.relax(best, words, i + 1, base, this.unknownId);
    }
    const reversed: number[] = [];
    let iter = n;
    while (iter > 0) {
      const id = words[iter] ?? this.unknownId;
      reversed.push(id);
      iter -= this.stepLength[id] ?? 1;
    }
    const out: number[] = [];
    let previousUnknown = false;
    for (const id of reversed) {
      const unknown = id === this.unknownId;
      if (!(previousUnknown && unknown)) out.push(id);
      previousUnknown = unknown;
    }
    return out.reverse();
  }

  encode(text: string): TokenizedText {
    const ids = this.encodeAll(text);
    if (ids.length <= this.maxTokens) return { ids, truncated: false };
    return { ids: ids.slice(0, this.maxTokens), truncated: true };
  }

  private relax(best: Float64Array, words: Int32Array, end: number, score: number, id: number): void {
    const current = best[end] ?? 0;
    if (current === 0 || score >= current) {
      best[end] = score;
      words[end] = id;
    }
  }
}
