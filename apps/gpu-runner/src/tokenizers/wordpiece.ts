import { z } from "zod";
import type { TextTokenizer, TokenizedText } from "./tokenizer.js";

/**
 * BERT-style WordPiece tokenizer read from a Hugging Face tokenizer.json: BertNormalizer
 * (clean text, CJK spacing, accent stripping, lower-casing), BertPreTokenizer (whitespace and
 * punctuation), greedy longest-match WordPiece with the "##" continuation prefix, and the
 * [CLS] … [SEP] template. This is the layout of all-MiniLM-L6-v2, bge-small and other BERT
 * exports; other tokenizer.json kinds are refused with a clear error.
 */

const specialRef = z.union([z.tuple([z.string(), z.number().int()]), z.object({ id: z.string(), ids: z.array(z.number().int()) }).passthrough()]);

export const tokenizerJsonSchema = z
  .object({
    truncation: z.object({ max_length: z.number().int().positive() }).passthrough().nullable().optional(),
    added_tokens: z.array(z.object({ id: z.number().int(), content: z.string() }).passthrough()).optional(),
    normalizer: z
      .object({
        type: z.string(),
        clean_text: z.boolean().optional(),
        handle_chinese_chars: z.boolean().optional(),
        strip_accents: z.boolean().nullable().optional(),
        lowercase: z.boolean().optional(),
      })
      .passthrough()
      .nullable()
      .optional(),
    pre_tokenizer: z.object({ type: z.string() }).passthrough().nullable().optional(),
    post_processor: z
      .object({
        type: z.string(),
        cls: z.tuple([z.string(), z.number().int()]).optional(),
        sep: z.tuple([z.string(), z.number().int()]).optional(),
        single: z.array(z.record(z.string(), z.unknown())).optional(),
        special_tokens: z.record(z.string(), specialRef).optional(),
      })
      .passthrough()
      .nullable()
      .optional(),
    model: z
      .object({
        type: z.string(),
        vocab: z.record(z.string(), z.number().int()),
        unk_token: z.string().default("[UNK]"),
        continuing_subword_prefix: z.string().default("##"),
        max_input_chars_per_word: z.number().int().positive().default(100),
      })
      .passthrough(),
  })
  .passthrough();

export type TokenizerJson = z.infer<typeof tokenizerJsonSchema>;

export class TokenizerConfigError extends Error {
  readonly code = "TOKENIZER_CONFIG";
}

interface BertNormalizerOptions {
  cleanText: boolean;
  handleChineseChars: boolean;
  stripAccents: boolean;
  lowercase: boolean;
}

const PUNCT = /^\p{P}$/u;
const MARK_NONSPACING = /\p{Mn}/gu;
const CONTROL = /^\p{C}$/u;
const WHITESPACE = /^\s$/u;

function isPunctuation(cp: number, ch: string): boolean {
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return PUNCT.test(ch);
}

function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export class WordPieceTokenizer implements TextTokenizer {
  readonly kind = "wordpiece" as const;
  readonly maxTokens: number;
  private readonly vocab: Map<string, number>;
  private readonly unkId: number;
  private readonly prefix: string;
  private readonly maxWordChars: number;
  private readonly normalizer: BertNormalizerOptions | null;
  private readonly clsId: number | null;
  private readonly sepId: number | null;

  constructor(json: TokenizerJson, options: { maxTokens?: number } = {}) {
    if (json.model.type !== "WordPiece") throw new TokenizerConfigError(`tokenizer model type ${json.model.type} is not supported (WordPiece only)`);
    if (json.pre_tokenizer && json.pre_tokenizer.type !== "BertPreTokenizer") {
      throw new TokenizerConfigError(`pre_tokenizer ${json.pre_tokenizer.type} is not supported (BertPreTokenizer only)`);
    }
    this.vocab = new Map(Object.entries(json.model.vocab));
    for (const t of json.added_tokens ?? []) this.vocab.set(t.content, t.id);
    const unk = this.vocab.get(json.model.unk_token);
    if (unk === undefined) throw new TokenizerConfigError(`unk_token ${json.model.unk_token} is not in the vocabulary`);
    this.unkId = unk;
    this.prefix = json.model.continuing_subword_prefix;
    this.maxWordChars = json.model.max_input_chars_per_word;
    const n = json.normalizer;
    if (n && n.type !== "BertNormalizer") throw new TokenizerConfigError(`normalizer ${n.type} is not supported (BertNormalizer only)`);
    const lowercase = n?.lowercase ?? true;
    this.normalizer = n
      ? {
          cleanText: n.clean_text ?? true,
          handleChineseChars: n.handle_chinese_chars ?? true,
          stripAccents: n.strip_accents ?? lowercase,
          lowercase,
        }
      : null;
    const { cls, sep } = this.specialIds(json);
    this.clsId = cls;
    this.sepId = sep;
    this.maxTokens = options.maxTokens ?? json.truncation?.max_length ?? 512;
    if (this.maxTokens < 3) throw new TokenizerConfigError("maxTokens must leave room for [CLS] and [SEP]");
  }

  private specialIds(json: TokenizerJson): { cls: number | null; sep: number | null } {
    const pp = json.post_processor;
    if (!pp) return { cls: null, sep: null };
    if (pp.type === "BertProcessing") return { cls: pp.cls?.[1] ?? null, sep: pp.sep?.[1] ?? null };
    if (pp.type === "TemplateProcessing") {
      const pieces = (pp.single ?? []).map((p) => {
        const special = p["SpecialToken"] as { id?: unknown } | undefined;
        return typeof special?.id === "string" ? special.id : "$";
      });
      const idOf = (name: string | undefined): number | null => {
        if (name === undefined || name === "$") return null;
        const ref = pp.special_tokens?.[name];
        if (ref && !Array.isArray(ref)) return ref.ids[0] ?? null;
        return this.vocab.get(name) ?? null;
      };
      const first = pieces[0];
      const last = pieces[pieces.length - 1];
      return { cls: idOf(first), sep: idOf(last) };
    }
    throw new TokenizerConfigError(`post_processor ${pp.type} is not supported`);
  }

  normalize(text: string): string {
    const n = this.normalizer;
    if (!n) return text;
    let out = "";
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (n.cleanText) {
        if (cp === 0 || cp === 0xfffd) continue;
        if (ch !== "\t" && ch !== "\n" && ch !== "\r" && CONTROL.test(ch)) continue;
        if (WHITESPACE.test(ch)) {
          out += " ";
          continue;
        }
      }
      if (n.handleChineseChars && isChineseChar(cp)) {
        out += ` ${ch} `;
        continue;
      }
      out += ch;
    }
    if (n.stripAccents) out = out.normalize("NFD").replace(MARK_NONSPACING, "");
    if (n.lowercase) out = out.toLowerCase();
    return out;
  }

  /** BertPreTokenizer: split on whitespace; each punctuation character is a word of its own. */
  preTokenize(text: string): string[] {
    const words: string[] = [];
    let current = "";
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (WHITESPACE.test(ch)) {
        if (current) words.push(current);
        current = "";
      } else if (isPunctuation(cp, ch)) {
        if (current) words.push(current);
        words.push(ch);
        current = "";
      } else {
        current += ch;
      }
    }
    if (current) words.push(current);
    return words;
  }

  private wordIds(word: string, out: number[], limit: number): void {
    const chars = Array.from(word);
    if (chars.length > this.maxWordChars) {
      out.push(this.unkId);
      return;
    }
    const pieces: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found = -1;
      while (start < end) {
        const sub = (start > 0 ? this.prefix : "") + chars.slice(start, end).join("");
        const id = this.vocab.get(sub);
        if (id !== undefined) {
          found = id;
          break;
        }
        end--;
      }
      if (found < 0) {
        out.push(this.unkId);
        return;
      }
      pieces.push(found);
      start = end;
    }
    for (const p of pieces) {
      if (out.length >= limit) return;
      out.push(p);
    }
  }

  encode(text: string): TokenizedText {
    const specials = (this.clsId !== null ? 1 : 0) + (this.sepId !== null ? 1 : 0);
    const budget = this.maxTokens - specials;
    const body: number[] = [];
    let truncated = false;
    for (const word of this.preTokenize(this.normalize(text))) {
      if (body.length >= budget) {
        truncated = true;
        break;
      }
      this.wordIds(word, body, budget + 1);
    }
    if (body.length > budget) {
      body.length = budget;
      truncated = true;
    }
    const ids = [...(this.clsId !== null ? [this.clsId] : []), ...body, ...(this.sepId !== null ? [this.sepId] : [])];
    return { ids, truncated };
  }
}
