import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useLitePackageDir } from "../export/export-use-lite.js";
import { referenceTokenizer } from "../testing/reference-use.js";
import { SentencePieceUnigramTokenizer, type Vocabulary } from "./sentencepiece-unigram.js";

const SENTENCES = [
  "Hello world.",
  "The quick brown fox jumps over the lazy dog",
  "  leading and trailing  spaces   and   runs ",
  "tabs\tand\nnewlines\r\nstay as they are",
  "Zürich café — naïve coöperation, façade, Ångström",
  "日本語のテキストと中文字符",
  "emoji 😀🚀👍🏽 and symbols ☕ ♥ ★",
  "ﬁne ligatures, ＦＵＬＬＷＩＤＴＨ, ① ② ③, ½, ㎏ (NFKC folds these)",
  "Combining: e\u0301 vs é, A\u030A vs Å",
  "URLs like https://example.com/path?q=1 and smileys :) :( :-)",
  "numbers 3.14159, 1,000,000 and 2024-05-01T10:00:00Z",
  "ALL CAPS SHOUTING and MiXeD cAsE",
  "Ünïcödé ẞ ß Σίσυφος Ελληνικά кириллица עברית العربية हिन्दी",
  "\u0000control\u0007chars\u200bzero-width\ufeffbom",
  "a",
  " ",
  "€",
];

function loadVocab(): Vocabulary {
  const raw = JSON.parse(readFileSync(join(useLitePackageDir(), "vocab.json"), "utf8")) as Array<[string, number | null]>;
  return raw;
}

describe("SentencePiece unigram tokenizer (USE-lite vocabulary)", () => {
  let tok: SentencePieceUnigramTokenizer;
  let ref: ReturnType<typeof referenceTokenizer>;
  beforeAll(() => {
    tok = new SentencePieceUnigramTokenizer(loadVocab(), { maxTokens: 128 });
    ref = referenceTokenizer();
  });

  it("produces the same ids as the TF.js model's own tokenizer on fixed sentences", () => {
    for (const s of SENTENCES) {
      expect(tok.encodeAll(s), JSON.stringify(s)).toEqual(ref.encode(s));
    }
  });

  it("matches the reference on random strings drawn from the vocabulary and Unicode", () => {
    const vocab = loadVocab();
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const extra = ["é", "ß", "日", "😀", " ", "  ", ".", ":", ")", "ﬁ", "Ａ", "\u0301", "-", "'"];
    for (let n = 0; n < 300; n++) {
      let s = "";
      const parts = 1 + Math.floor(rand() * 8);
      for (let p = 0; p < parts; p++) {
        if (rand() < 0.7) {
          const piece = vocab[Math.floor(rand() * vocab.length)]?.[0] ?? "";
          s += piece.replace(/\u2581/g, " ");
        } else {
          s += extra[Math.floor(rand() * extra.length)];
        }
      }
      expect(tok.encodeAll(s), JSON.stringify(s)).toEqual(ref.encode(s));
    }
  });

  it("handles pieces whose score is null in the vocabulary like the reference (as 0)", () => {
    for (const s of ["a:b", "see http://x", "ok :) fine", "end):"]) expect(tok.encodeAll(s)).toEqual(ref.encode(s));
    expect(tok.encodeAll("ok :) fine")).toContain(658); // "▁:)"
  });

  it("maps characters no piece covers to the unknown id 0 and merges runs of them", () => {
    const ids = tok.encodeAll("x \u{1F9EC}\u{1F9EC}\u{1F9EC} y");
    expect(ids).toEqual(ref.encode("x \u{1F9EC}\u{1F9EC}\u{1F9EC} y"));
    const zeros = ids.filter((i) => i === 0).length;
    expect(zeros).toBe(1);
  });

  it("returns no ids for the empty string", () => {
    expect(tok.encode("")).toEqual({ ids: [], truncated: false });
  });

  it("caps over-length input at 128 tokens (the first 128 of the full encoding)", () => {
    const long = Array.from({ length: 60 }, (_, i) => `sentence number ${i} about queues and workers.`).join(" ");
    const full = ref.encode(long);
    expect(full.length).toBeGreaterThan(128);
    const r = tok.encode(long);
    expect(r.truncated).toBe(true);
    expect(r.ids).toHaveLength(128);
    expect(r.ids).toEqual(full.slice(0, 128));
    expect(tok.encode("short one").truncated).toBe(false);
  });

  it("cuts enormous inputs before tokenizing without changing the first 128 ids", () => {
    const huge = "lorem ipsum dolor sit amet ".repeat(5000);
    expect(huge.length).toBeGreaterThan(tok.maxInputChars * 2);
    const r = tok.encode(huge);
    expect(r.ids).toHaveLength(128);
    expect(r.ids).toEqual(ref.encode(huge.slice(0, 4000)).slice(0, 128));
  });
});
