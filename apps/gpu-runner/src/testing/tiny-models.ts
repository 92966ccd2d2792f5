import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OnnxGraphBuilder, attr } from "../onnx/graph-builder.js";

/**
 * Small models that tests write with our own ONNX writer: a BERT-shaped embedding model in
 * the Hugging Face export layout (model.onnx + tokenizer.json), and a linear tensor model.
 */

export const TINY_VOCAB = [
  "[PAD]",
  "[UNK]",
  "[CLS]",
  "[SEP]",
  "the",
  "cat",
  "dog",
  "sat",
  "on",
  "mat",
  "runs",
  "fast",
  "play",
  "##ing",
  "##s",
  "cafe",
  ".",
  ",",
  "!",
  "hello",
  "world",
];

export interface TinyEmbeddingModel {
  dir: string;
  hidden: number;
  /** Row i = embedding of token id i. */
  table: Float32Array;
  /** Token-type embeddings (2 rows) when the model has token_type_ids. */
  typeTable: Float32Array | null;
  vocab: Map<string, number>;
}

/** A deterministic pseudo-random float in [-1, 1) from an integer seed. */
function noise(seed: number): number {
  const x = Math.sin(seed * 12.9898 + 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

export function tinyTokenizerJson(maxLength = 16): Record<string, unknown> {
  return {
    version: "1.0",
    truncation: { direction: "Right", max_length: maxLength, strategy: "LongestFirst", stride: 0 },
    padding: null,
    added_tokens: [
      { id: 0, content: "[PAD]", special: true },
      { id: 1, content: "[UNK]", special: true },
      { id: 2, content: "[CLS]", special: true },
      { id: 3, content: "[SEP]", special: true },
    ],
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      pair: [],
      special_tokens: { "[CLS]": { id: "[CLS]", ids: [2], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [3], tokens: ["[SEP]"] } },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_VOCAB.map((t, i) => [t, i])),
    },
  };
}

/**
 * input_ids, attention_mask (and token_type_ids) → last_hidden_state [B, T, H] =
 * (E[input_ids] + Tt[token_type_ids]) × attention_mask. Written with our protobuf writer.
 */
export function writeTinyEmbeddingModel(
  dir: string,
  options: { hidden?: number; tokenTypes?: boolean; pooling?: "mean" | "cls"; maxLength?: number } = {},
): TinyEmbeddingModel {
  const hidden = options.hidden ?? 8;
  const table = new Float32Array(TINY_VOCAB.length * hidden);
  for (let i = 0; i < table.length; i++) table[i] = noise(i + 1);
  const typeTable = options.tokenTypes ? Float32Array.from({ length: 2 * hidden }, (_, i) => noise(1000 + i) * 0.1) : null;

  const b = new OnnxGraphBuilder("tiny_bert");
  b.input("input_ids", "int64", ["batch", "sequence"]);
  b.input("attention_mask", "int64", ["batch", "sequence"]);
  if (typeTable) b.input("token_type_ids", "int64", ["batch", "sequence"]);
  b.initializer("word_embeddings", { type: "float32", dims: [TINY_VOCAB.length, hidden], data: table });
  let h = b.op("Gather", ["word_embeddings", "input_ids"], { axis: attr.int(0) });
  if (typeTable) {
    b.initializer("token_type_embeddings", { type: "float32", dims: [2, hidden], data: typeTable });
    const t = b.op("Gather", ["token_type_embeddings", "token_type_ids"], { axis: attr.int(0) });
    h = b.op("Add", [h, t]);
  }
  const mask = b.op("Cast", ["attention_mask"], { to: attr.int(1) });
  const mask3 = b.op("Unsqueeze", [mask, b.int64([-1])]);
  b.op("Mul", [h, mask3], {}, "last_hidden_state");
  b.output("last_hidden_state", "float32", ["batch", "sequence", hidden]);

  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.onnx"), b.toBytes());
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tinyTokenizerJson(options.maxLength ?? 16)));
  writeFileSync(join(dir, "config.json"), JSON.stringify({ hidden_size: hidden, max_position_embeddings: 512, model_type: "bert" }));
  if (options.pooling) {
    mkdirSync(join(dir, "1_Pooling"), { recursive: true });
    writeFileSync(
      join(dir, "1_Pooling", "config.json"),
      JSON.stringify({ word_embedding_dimension: hidden, pooling_mode_cls_token: options.pooling === "cls", pooling_mode_mean_tokens: options.pooling === "mean" }),
    );
  }
  return { dir, hidden, table, typeTable, vocab: new Map(TINY_VOCAB.map((t, i) => [t, i])) };
}

/** y = x·W + b with a dynamic batch dimension: x [batch, in] → y [batch, out]. */
export function writeLinearModel(dir: string, w: number[][], bias: number[]): void {
  const inDim = w.length;
  const outDim = bias.length;
  const b = new OnnxGraphBuilder("linear");
  b.input("x", "float32", ["batch", inDim]);
  b.initializer("W", { type: "float32", dims: [inDim, outDim], data: Float32Array.from(w.flat()) });
  b.initializer("b", { type: "float32", dims: [outDim], data: Float32Array.from(bias) });
  const xw = b.op("MatMul", ["x", "W"]);
  b.op("Add", [xw, "b"], {}, "y");
  b.output("y", "float32", ["batch", outDim]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.onnx"), b.toBytes());
}

/**
 * x [batch, 3] → y [batch, 2]: a Reshape to a shape computed at run time, so the model loads
 * with a dynamic batch and ONNX Runtime fails on a batch of one (3 values cannot take the
 * shape [-1, 2]): a real internal error, with ONNX Runtime's own message.
 */
export function writeReshapeModel(dir: string): void {
  const b = new OnnxGraphBuilder("reshape_fails");
  b.input("x", "float32", ["batch", 3]);
  const shape = b.op("Shape", ["x"]);
  const batch = b.op("Slice", [shape, b.int64([0]), b.int64([1])]);
  const target = b.op("Concat", [batch, b.int64([2])], { axis: attr.int(0) });
  b.op("Reshape", ["x", target], {}, "y");
  b.output("y", "float32", ["batch", 2]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.onnx"), b.toBytes());
}
