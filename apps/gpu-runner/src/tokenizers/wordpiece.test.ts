import { describe, expect, it } from "vitest";
import { TINY_VOCAB, tinyTokenizerJson } from "../testing/tiny-models.js";
import { TokenizerConfigError, WordPieceTokenizer, tokenizerJsonSchema } from "./wordpiece.js";

const id = (t: string): number => TINY_VOCAB.indexOf(t);

function make(overrides: Record<string, unknown> = {}, maxTokens?: number): WordPieceTokenizer {
  const json = tokenizerJsonSchema.parse({ ...tinyTokenizerJson(16), ...overrides });
  return new WordPieceTokenizer(json, maxTokens ? { maxTokens } : {});
}

describe("WordPiece tokenizer (tokenizer.json, BERT style)", () => {
  it("lower-cases, splits punctuation, uses ## continuations and wraps in [CLS] … [SEP]", () => {
    const t = make();
    expect(t.encode("The cat, playing!").ids).toEqual([id("[CLS]"), id("the"), id("cat"), id(","), id("play"), id("##ing"), id("!"), id("[SEP]")]);
  });

  it("strips accents when lower-casing (BERT uncased) and maps unknown words to [UNK]", () => {
    const t = make();
    expect(t.encode("Café zebra").ids).toEqual([id("[CLS]"), id("cafe"), id("[UNK]"), id("[SEP]")]);
  });

  it("turns all whitespace kinds into separators and drops control characters", () => {
    const t = make();
    expect(t.encode("the\tcat\n\u0007sat\u00a0on").ids).toEqual([id("[CLS]"), id("the"), id("cat"), id("sat"), id("on"), id("[SEP]")]);
  });

  it("puts CJK characters in words of their own", () => {
    const t = make();
    expect(t.normalize("日本the")).toBe(" 日  本 the");
  });

  it("truncates to max_length with the special tokens counted", () => {
    const t = make({}, 5);
    const r = t.encode("the cat sat on the mat");
    expect(r.ids).toEqual([id("[CLS]"), id("the"), id("cat"), id("sat"), id("[SEP]")]);
    expect(r.truncated).toBe(true);
    expect(t.encode("the cat").truncated).toBe(false);
  });

  it("refuses tokenizer kinds it does not implement", () => {
    expect(() => make({ model: { type: "BPE", vocab: {}, unk_token: "[UNK]" } })).toThrow(TokenizerConfigError);
    expect(() => make({ pre_tokenizer: { type: "ByteLevel" } })).toThrow(/BertPreTokenizer only/);
  });

  it("supports the older BertProcessing post-processor", () => {
    const t = make({ post_processor: { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] } });
    expect(t.encode("dog").ids).toEqual([2, id("dog"), 3]);
  });
});
