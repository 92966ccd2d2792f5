import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { writeLinearModel } from "../testing/tiny-models.js";
import { OnnxGraphBuilder, attr } from "./graph-builder.js";
import { decodeModel } from "./onnx-proto.js";

const dir = mkdtempSync(join(tmpdir(), "onnx-builder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ONNX writer (protobufjs, onnx.proto subset)", () => {
  it("writes a model ONNX Runtime loads and computes correctly", async () => {
    const w = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    writeLinearModel(join(dir, "linear"), w, [0.5, -1]);
    const s = await ort.InferenceSession.create(join(dir, "linear", "model.onnx"));
    expect(s.inputNames).toEqual(["x"]);
    expect(s.outputNames).toEqual(["y"]);
    const x = new ort.Tensor("float32", Float32Array.from([1, 0, 2, -1, 1, 0.5]), [2, 3]);
    const out = (await s.run({ x }))["y"];
    // [1,0,2]·W + b = [11, 14] + [0.5, -1]; [-1,1,0.5]·W + b = [4.5, 5] + [0.5, -1]
    expect(Array.from(out?.data as Float32Array)).toEqual([11.5, 13, 5, 4]);
    expect(out?.dims).toEqual([2, 2]);
    await s.release();
  });

  it("round-trips through the decoder with opset, IR version, shapes and attributes", () => {
    const b = new OnnxGraphBuilder("g");
    b.input("a", "int64", ["n", 3]);
    b.op("Transpose", ["a"], { perm: attr.ints([1, 0]) }, "t");
    b.float32([1, 2], [2], "unused_constant");
    b.output("t", "int64", [3, "n"]);
    const m = decodeModel(b.toBytes({ metadata: { k: "v" } }));
    expect(m.ir_version).toBe(7);
    expect(m.opset_import).toHaveLength(1);
    expect(m.opset_import[0]?.domain ?? "").toBe("");
    expect(m.opset_import[0]?.version).toBe(13);
    expect(m.graph.input[0]?.name).toBe("a");
    expect(m.graph.input[0]?.type.tensor_type.shape?.dim).toEqual([{ dim_param: "n" }, { dim_value: 3 }]);
    expect(m.graph.node[0]?.op_type).toBe("Transpose");
    expect(m.graph.node[0]?.attribute?.[0]).toMatchObject({ name: "perm", ints: [1, 0] });
    // Initializers nothing reads are left out.
    expect(m.graph.initializer ?? []).toHaveLength(0);
    expect(m.metadata_props).toEqual([{ key: "k", value: "v" }]);
  });

  it("rejects tensors whose data does not match dims or type", () => {
    const b = new OnnxGraphBuilder("g");
    expect(() => b.initializer("x", { type: "float32", dims: [3], data: new Float32Array(2) })).toThrow(/hold 3 elements/);
    expect(() => b.initializer("y", { type: "int64", dims: [1], data: new Float32Array(1) })).toThrow(/does not match type/);
  });

  it("stores tensor data as little-endian raw_data", () => {
    writeLinearModel(join(dir, "l2"), [[1], [2]], [3]);
    const m = decodeModel(readFileSync(join(dir, "l2", "model.onnx")));
    const w = m.graph.initializer.find((t) => t.name === "W");
    expect(w?.data_type).toBe(1);
    expect(w?.dims).toEqual([2, 1]);
    const raw = w?.raw_data as Uint8Array;
    expect(Array.from(new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)))).toEqual([1, 2]);
  });
});
