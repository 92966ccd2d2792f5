import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

/**
 * Reads a TF.js graph model (model.json + binary weight shards) into plain typed data.
 * Only what the exporter needs: nodes with attributes, and the weights as typed arrays.
 */

/** TensorFlow DataType enum values used by TF.js graphs (numeric or "DT_*" names). */
const TF_DTYPES: Record<string, TfDType> = {
  "1": "float32",
  DT_FLOAT: "float32",
  "3": "int32",
  DT_INT32: "int32",
  "9": "int64",
  DT_INT64: "int64",
  "10": "bool",
  DT_BOOL: "bool",
};

export type TfDType = "float32" | "int32" | "int64" | "bool";

const attrSchema = z
  .object({
    type: z.union([z.number(), z.string()]).optional(),
    i: z.union([z.string(), z.number()]).optional(),
    b: z.boolean().optional(),
    f: z.number().optional(),
    s: z.union([z.string(), z.array(z.number())]).optional(),
    list: z
      .object({
        i: z.array(z.union([z.string(), z.number()])).optional(),
        s: z.array(z.unknown()).optional(),
      })
      .passthrough()
      .optional(),
    shape: z.object({ dim: z.array(z.object({ size: z.union([z.string(), z.number()]) })).optional() }).passthrough().optional(),
    tensor: z.unknown().optional(),
  })
  .passthrough();

export type TfAttr = z.infer<typeof attrSchema>;

const nodeSchema = z.object({
  name: z.string(),
  op: z.string(),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), attrSchema).optional(),
});

const weightSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(["float32", "int32", "bool"]),
  quantization: z.unknown().optional(),
});

const modelJsonSchema = z.object({
  modelTopology: z.object({ node: z.array(nodeSchema) }).passthrough(),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSchema) })),
});

export interface TfNode {
  name: string;
  op: string;
  /** Data inputs ("node" or "node:1"); control inputs ("^node") are dropped. */
  inputs: string[];
  attr: Record<string, TfAttr>;
}

export interface TfWeight {
  dtype: "float32" | "int32" | "bool";
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

export interface TfGraph {
  nodes: TfNode[];
  byName: Map<string, TfNode>;
  weights: Map<string, TfWeight>;
}

export function tfDType(attr: TfAttr | undefined, what: string): TfDType {
  const key = attr?.type;
  const dtype = key === undefined ? undefined : TF_DTYPES[String(key)];
  if (!dtype) throw new Error(`unsupported TensorFlow dtype ${String(key)} (${what})`);
  return dtype;
}

export function attrInt(node: TfNode, name: string, fallback?: number): number {
  const a = node.attr[name];
  if (a?.i === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`node ${node.name} (${node.op}): missing int attribute ${name}`);
  }
  return Number(a.i);
}

export function attrBool(node: TfNode, name: string, fallback = false): boolean {
  return node.attr[name]?.b ?? fallback;
}

export function attrInts(node: TfNode, name: string): number[] {
  return (node.attr[name]?.list?.i ?? []).map((v) => Number(v));
}

export function attrString(node: TfNode, name: string): string | undefined {
  const s = node.attr[name]?.s;
  if (s === undefined) return undefined;
  if (Array.isArray(s)) return String.fromCharCode(...s);
  return Buffer.from(s, "base64").toString("utf8");
}

/** Placeholder shape: dims with -1 for unknown. */
export function attrShape(node: TfNode, name: string): number[] {
  return (node.attr[name]?.shape?.dim ?? []).map((d) => Number(d.size));
}

export async function readTfjsGraph(modelJsonPath: string): Promise<TfGraph> {
  const json: unknown = JSON.parse(await readFile(modelJsonPath, "utf8"));
  const parsed = modelJsonSchema.parse(json);
  const nodes: TfNode[] = parsed.modelTopology.node.map((n) => ({
    name: n.name,
    op: n.op,
    inputs: (n.input ?? []).filter((i) => !i.startsWith("^")),
    attr: n.attr ?? {},
  }));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const weights = new Map<string, TfWeight>();
  const dir = dirname(modelJsonPath);
  for (const group of parsed.weightsManifest) {
    const shards = await Promise.all(group.paths.map((p) => readFile(join(dir, p))));
    const buf = Buffer.concat(shards);
    let offset = 0;
    for (const w of group.weights) {
      if (w.quantization !== undefined) throw new Error(`weight ${w.name}: quantized weights are not supported`);
      const count = w.shape.reduce((a, b) => a * b, 1);
      const bytes = w.dtype === "bool" ? count : count * 4;
      if (offset + bytes > buf.length) throw new Error(`weight ${w.name}: shards end before its data`);
      // Copy into an aligned buffer of its own.
      const copy = new Uint8Array(bytes);
      copy.set(buf.subarray(offset, offset + bytes));
      const data =
        w.dtype === "float32" ? new Float32Array(copy.buffer) : w.dtype === "int32" ? new Int32Array(copy.buffer) : copy;
      weights.set(w.name, { dtype: w.dtype, shape: w.shape, data });
      offset += bytes;
    }
    if (offset !== buf.length) throw new Error(`weight shards hold ${buf.length} bytes, manifest describes ${offset}`);
  }
  return { nodes, byName, weights };
}
