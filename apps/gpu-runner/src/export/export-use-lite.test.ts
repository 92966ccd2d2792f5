import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manifestSchema } from "../models/manifest.js";
import { decodeModel } from "../onnx/onnx-proto.js";
import { exportUseLite } from "./export-use-lite.js";

const root = mkdtempSync(join(tmpdir(), "use-export-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("USE-lite exporter", () => {
  const out = join(root, "use-lite");

  it("writes model.onnx (opset 13), vocab.json and a manifest", async () => {
    const r = await exportUseLite({ outDir: out });
    expect(r.skipped).toBe(false);
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")));
    expect(manifest).toMatchObject({
      id: "use-lite",
      format: "onnx",
      task: "embedding",
      maxTokens: 128,
      dimension: 512,
      pooling: "none",
      tokenizer: { kind: "sentencepiece-unigram" },
      files: { model: "model.onnx", tokenizer: "vocab.json" },
    });
    const model = decodeModel(readFileSync(join(out, "model.onnx")));
    expect(model.opset_import.map((o) => [o.domain ?? "", o.version])).toEqual([["", 13]]);
    expect(model.graph.input.map((i) => i.name)).toEqual(["indices", "values"]);
    expect(model.graph.output.map((o) => o.name)).toEqual(["embeddings"]);
    // Every TF weight made it (about 7M parameters).
    const params = model.graph.initializer.filter((t) => t.data_type === 1).reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0);
    expect(params).toBeGreaterThan(6_900_000);
    expect(new Set(model.graph.node.map((n) => n.op_type)).has("MatMul")).toBe(true);
    const vocab = JSON.parse(readFileSync(join(out, "vocab.json"), "utf8")) as unknown[];
    expect(vocab).toHaveLength(8000);
  });

  it("skips when the export is up to date, and redoes it when the file was altered", async () => {
    const before = statSync(join(out, "model.onnx")).mtimeMs;
    const again = await exportUseLite({ outDir: out });
    expect(again.skipped).toBe(true);
    expect(statSync(join(out, "model.onnx")).mtimeMs).toBe(before);

    writeFileSync(join(out, "model.onnx"), "corrupted");
    const redo = await exportUseLite({ outDir: out });
    expect(redo.skipped).toBe(false);
    expect(statSync(join(out, "model.onnx")).size).toBe(redo.modelBytes);
  });
});
