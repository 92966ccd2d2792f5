import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger.js";
import { createRunner, type Runner } from "../runner.js";
import { writeLinearModel, writeTinyEmbeddingModel, type TinyEmbeddingModel } from "../testing/tiny-models.js";
import { WordPieceTokenizer, tokenizerJsonSchema } from "../tokenizers/wordpiece.js";
import { readModelFolder } from "./model-layout.js";

/**
 * The Hugging Face ONNX export layout (model.onnx + tokenizer.json, as for all-MiniLM-L6-v2 or
 * bge-small) with a tiny model the test writes itself: input_ids/attention_mask → embedding
 * lookup → last_hidden_state; the runner must pool over the attention mask and normalise.
 */
const root = mkdtempSync(join(tmpdir(), "hf-models-"));
let mean: TinyEmbeddingModel;
let cls: TinyEmbeddingModel;
let runner: Runner;

function expectedMean(model: TinyEmbeddingModel, ids: number[]): number[] {
  const v = new Array<number>(model.hidden).fill(0);
  for (const id of ids) for (let h = 0; h < model.hidden; h++) v[h] = (v[h] ?? 0) + (model.table[id * model.hidden + h] ?? 0);
  const m = v.map((x) => x / ids.length);
  const n = Math.hypot(...m);
  return m.map((x) => x / n);
}

beforeAll(async () => {
  mean = writeTinyEmbeddingModel(join(root, "tiny-mean"), { pooling: "mean", hidden: 8, maxLength: 16 });
  cls = writeTinyEmbeddingModel(join(root, "tiny-cls"), { pooling: "cls", hidden: 6, tokenTypes: true });
  writeLinearModel(join(root, "linear"), [[1], [2]], [0]);
  runner = await createRunner(
    { modelsDir: root, autoExport: false, defaultModel: "tiny-mean", logLevel: "silent", executionProvider: "cpu", sessionReplicas: 1 },
    { logger: silentLogger },
  );
});
afterAll(async () => {
  await runner?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("Hugging Face layout (model.onnx + tokenizer.json)", () => {
  it("infers the manifest: WordPiece, pooling from 1_Pooling, width from config.json, cap from tokenizer.json", async () => {
    expect(await readModelFolder(join(root, "tiny-mean"))).toMatchObject({
      id: "tiny-mean",
      task: "embedding",
      pooling: "mean",
      normalize: true,
      maxTokens: 16,
      dimension: 8,
      tokenizer: { kind: "wordpiece" },
    });
    expect((await readModelFolder(join(root, "tiny-cls"))).pooling).toBe("cls");
    expect((await readModelFolder(join(root, "linear"))).task).toBe("tensor");
    expect(runner.models.list().map((m) => m.id)).toEqual(["linear", "tiny-cls", "tiny-mean"]);
  });

  it("mean-pools over the attention mask (padding ignored) and L2-normalises", async () => {
    const texts = ["the cat sat on the mat", "Dog runs fast!", "playing cats", "hello"];
    const tok = new WordPieceTokenizer(tokenizerJsonSchema.parse(JSON.parse(readFileSync(join(mean.dir, "tokenizer.json"), "utf8"))));
    const r = await runner.embed(texts, { model: "tiny-mean" });
    expect(r.dimension).toBe(8);
    texts.forEach((t, i) => {
      const ids = tok.encode(t).ids;
      const want = expectedMean(mean, ids);
      const got = r.embeddings[i] ?? [];
      for (let h = 0; h < 8; h++) expect(got[h]).toBeCloseTo(want[h] ?? NaN, 6);
    });
    expect(r.tokens).toBe(texts.reduce((s, t) => s + tok.encode(t).ids.length, 0));
  });

  it("truncates at the model's cap with [SEP] kept last", async () => {
    const long = Array.from({ length: 40 }, () => "cat").join(" ");
    const r = await runner.embedVectors([long], { model: "tiny-mean" });
    expect(r.tokensPerText).toEqual([16]);
    expect(r.truncated).toBe(1);
    const ids = [2, ...new Array<number>(14).fill(5), 3];
    const want = expectedMean(mean, ids);
    for (let h = 0; h < 8; h++) expect(r.vectors[0]?.[h]).toBeCloseTo(want[h] ?? NaN, 6);
  });

  it("uses CLS pooling when 1_Pooling says so, feeding token_type_ids when the model has them", async () => {
    const r = await runner.embed(["the dog", "a much longer sentence about cats"], { model: "tiny-cls" });
    const typeTable = cls.typeTable ?? new Float32Array(0);
    const raw = Array.from({ length: 6 }, (_, h) => (cls.table[2 * 6 + h] ?? 0) + (typeTable[h] ?? 0));
    const n = Math.hypot(...raw);
    for (const v of r.embeddings) for (let h = 0; h < 6; h++) expect(v[h]).toBeCloseTo((raw[h] ?? 0) / n, 6);
  });

  it("refuses to embed with a tensor-only model", async () => {
    await expect(runner.embed(["x"], { model: "linear" })).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });
});
