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

const SEPARATOR = 0x2581; // "▁"

export interface SentencePieceOptions {
  maxTokens: number;
  reservedSymbols?: number;
  unknownId?: number;
}

/**
 * The vocabulary's trie as flat arrays: node 0 is the root, and every edge (node, code point)
 * lives in one open-addressed hash table. Looking up an edge is a few integer operations, where
 * a Map per node cost most of the tokenizer's time (it runs on the server's main thread for
 * every request, so its cost comes straight out of inference on a small machine).
 */
class FlatTrie {
  /** Piece id ending at each node, or -1. */
  readonly pieceId: Int32Array;
  readonly score: Float64Array;
  private readonly edgeFrom: Int32Array;
  private readonly edgeCp: Int32Array;
  private readonly edgeTo: Int32Array;
  private readonly mask: number;

  constructor(pieces: ReadonlyArray<{ cps: number[]; id: number; score: number }>) {
    let edges = 0;
    for (const p of pieces) edges += p.cps.length;
    let size = 1024;
    while (size < edges * 2) size *= 2;
    this.mask = size - 1;
    this.edgeFrom = new Int32Array(size).fill(-1);
    this.edgeCp = new Int32Array(size);
    this.edgeTo = new Int32Array(size);
    const ids: number[] = [-1];
    const scores: number[] = [0];
    for (const p of pieces) {
      let node = 0;
      for (const cp of p.cps) {
        let next = this.child(node, cp);
        if (next < 0) {
          next = ids.length;
          ids.push(-1);
          scores.push(0);
          this.insert(node, cp, next);
        }
        node = next;
      }
      // A duplicate piece keeps the later entry, like the reference trie.
      ids[node] = p.id;
      scores[node] = p.score;
    }
    this.pieceId = Int32Array.from(ids);
    this.score = Float64Array.from(scores);
  }

  private slot(node: number, cp: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(cp, 0x85ebca77)) & this.mask;
  }

  private insert(node: number, cp: number, to: number): void {
    let i = this.slot(node, cp);
    while (this.edgeFrom[i] !== -1) i = (i + 1) & this.mask;
    this.edgeFrom[i] = node;
    this.edgeCp[i] = cp;
    this.edgeTo[i] = to;
  }

  /** The node reached from `node` by `cp`, or -1. */
  child(node: number, cp: number): number {
    let i = this.slot(node, cp);
    for (;;) {
      const from = this.edgeFrom[i] ?? -1;
      if (from === -1) return -1;
      if (from === node && this.edgeCp[i] === cp) return this.edgeTo[i] ?? -1;
      i = (i + 1) & this.mask;
    }
  }
}

/** Token ids, already capped at the model's limit. */
export interface TokenizedText {
  ids: number[];
  /** True when the text had more tokens than the cap and the tail was dropped. */
  truncated: boolean;
}

export class SentencePieceUnigramTokenizer {
  readonly kind = "sentencepiece-unigram" as const;
  readonly maxTokens: number;
  readonly maxInputChars: number;
  private readonly trie: FlatTrie;
  private readonly stepLength: Int32Array;
  private readonly unknownId: number;
  /** Scratch buffers reused across calls (grown on demand): the tokenizer is synchronous. */
  private symbols = new Int32Array(256);
  private best = new Float64Array(257);
  private words = new Int32Array(257);

  constructor(vocabulary: Vocabulary, options: SentencePieceOptions) {
    const reserved = options.reservedSymbols ?? 6;
    this.unknownId = options.unknownId ?? 0;
    this.maxTokens = options.maxTokens;
    this.stepLength = new Int32Array(vocabulary.length);
    let longest = 1;
    const pieces: Array<{ cps: number[]; id: number; score: number }> = [];
    vocabulary.forEach(([piece, score], id) => {
      this.stepLength[id] = piece.length;
      if (id < reserved) return;
      const cps = Array.from(piece, (ch) => ch.codePointAt(0) ?? 0);
      if (cps.length === 0) return;
      // null scores (a few pieces of the USE vocabulary) count as 0, as in the reference.
      pieces.push({ cps, id, score: score ?? 0 });
      longest = Math.max(longest, cps.length);
    });
    this.trie = new FlatTrie(pieces);
    if ((this.stepLength[this.unknownId] ?? 0) < 1) this.stepLength[this.unknownId] = 1;
    this.maxInputChars = Math.max(1024, this.maxTokens * longest * 4);
  }

  /** Code points of the normalised text, "▁"-joined as the reference does. */
  normalize(text: string): number[] {
    const n = this.normalizeInto(text);
    return Array.from(this.symbols.subarray(0, n));
  }

  /** Writes the normalised code points into this.symbols; returns how many. */
  private normalizeInto(text: string): number {
    let input = text;
    if (input.length > this.maxInputChars * 2) input = input.slice(0, this.maxInputChars * 2);
    // NFKC leaves ASCII unchanged: most requests skip the normalisation call.
    let ascii = true;
    for (let i = 0; i < input.length; i++) {
      if (input.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    const normalized = ascii ? input : input.normalize("NFKC");
    if (normalized.length === 0) return 0;
    const limit = this.maxInputChars + 1;
    if (this.symbols.length < Math.min(normalized.length, limit) + 1) {
      this.symbols = new Int32Array(Math.min(normalized.length, limit) + 1);
    }
    const out = this.symbols;
    let n = 0;
    out[n++] = SEPARATOR;
    if (ascii) {
      for (let i = 0; i < normalized.length && n <= this.maxInputChars; i++) {
        const c = normalized.charCodeAt(i);
        out[n++] = c === 0x20 ? SEPARATOR : c;
      }
      return n;
    }
    for (const ch of normalized) {
      if (n > this.maxInputChars) break;
      const cp = ch.codePointAt(0) ?? 0;
      out[n++] = cp === 0x20 ? SEPARATOR : cp;
    }
    return n;
  }

  /** All ids of the text, without the cap. */
  encodeAll(text: string): number[] {
    const n = this.normalizeInto(text);
    if (n === 0) return [];
    if (this.best.length < n + 1) {
      this.best = new Float64Array(n + 1);
      this.words = new Int32Array(n + 1);
    }
    const { symbols, best, words, trie, unknownId } = this;
    const { pieceId, score } = trie;
    best.fill(0, 0, n + 1);
    words.fill(0, 0, n + 1);
    for (let i = 0; i < n; i++) {
      const base = best[i] ?? 0;
      let node = 0;
      let matched = false;
      for (let j = i; j < n; j++) {
        node = trie.child(node, symbols[j] ?? -1);
        if (node < 0) break;
        const id = pieceId[node] ?? -1;
        if (id >= 0) {
          matched = true;
          // Relax: a position whose best is exactly 0 counts as unset; ties go to the later path.
          const s = (score[node] ?? 0) + base;
          const current = best[j + 1] ?? 0;
          if (current === 0 || s >= current) {
            best[j + 1] = s;
            words[j + 1] = id;
          }
        }
      }
      if (!matched) {
        const current = best[i + 1] ?? 0;
        if (current === 0 || base >= current) {
          best[i + 1] = base;
          words[i + 1] = unknownId;
        }
      }
    }
    const reversed: number[] = [];
    let iter = n;
    while (iter > 0) {
      const id = words[iter] ?? unknownId;
      reversed.push(id);
      iter -= this.stepLength[id] ?? 1;
    }
    const out: number[] = [];
    let previousUnknown = false;
    for (let k = reversed.length - 1; k >= 0; k--) {
      const id = reversed[k] ?? unknownId;
      const unknown = id === unknownId;
      // Runs of unknowns merge into one id.
      if (!(previousUnknown && unknown)) out.push(id);
      previousUnknown = unknown;
    }
    return out;
  }

  encode(text: string): TokenizedText {
    const ids = this.encodeAll(text);
    if (ids.length <= this.maxTokens) return { ids, truncated: false };
    return { ids: ids.slice(0, this.maxTokens), truncated: true };
  }
}
