import { allocData, elementCount, elemSize, type ElemType, type HostTensor } from "../onnx/tensor-types.js";
import type { LoadedSessionInfo, TensorInfo } from "../engine/session-protocol.js";
import type { ModelManifest } from "./manifest.js";

/**
 * A model served as tensors in, tensors out (KServe v2). Requests are batched along the
 * first dimension, which must be dynamic on every input and output.
 */
export interface TensorModel {
  readonly kind: "tensor";
  readonly id: string;
  readonly aliases: readonly string[];
  readonly manifest: ModelManifest;
  readonly dir: string;
  readonly session: LoadedSessionInfo;
  readonly kserve: boolean;
}

export function createTensorModel(args: { manifest: ModelManifest; dir: string; session: LoadedSessionInfo }): TensorModel {
  return {
    kind: "tensor",
    id: args.manifest.id,
    aliases: args.manifest.aliases,
    manifest: args.manifest,
    dir: args.dir,
    session: args.session,
    kserve: args.manifest.kserve ?? true,
  };
}

/** True when every input and output has a dynamic first dimension. */
export function hasDynamicBatch(session: LoadedSessionInfo): boolean {
  const dyn = (t: TensorInfo): boolean => t.dims.length > 0 && typeof t.dims[0] !== "number";
  const dynNeg = (t: TensorInfo): boolean => dyn(t) || t.dims[0] === -1;
  return session.inputs.every(dynNeg) && session.outputs.every(dynNeg);
}

const SUPPORTED: readonly ElemType[] = ["float32", "float64", "int32", "int64", "bool", "uint8", "int8"];

export function isSupportedType(t: string): t is ElemType {
  return (SUPPORTED as readonly string[]).includes(t);
}

/** Stack requests' tensors along dim 0 (same names, types and non-batch dims). */
export function concatBatch(parts: ReadonlyArray<Record<string, HostTensor>>): Record<string, HostTensor> {
  const first = parts[0];
  if (!first) throw new Error("empty batch");
  if (parts.length === 1) return first;
  const out: Record<string, HostTensor> = {};
  for (const [name, t0] of Object.entries(first)) {
    const rowsTotal = parts.reduce((s, p) => s + (p[name]?.dims[0] ?? 0), 0);
    const dims = [rowsTotal, ...t0.dims.slice(1)];
    const data = allocData(t0.type, elementCount(dims));
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let offset = 0;
    for (const p of parts) {
      const t = p[name];
      if (!t) throw new Error(`input ${name} missing in a batched request`);
      bytes.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), offset);
      offset += t.data.byteLength;
    }
    out[name] = { type: t0.type, dims, data };
  }
  return out;
}

/** Split batched outputs back into per-request tensors by row counts. */
export function splitBatch(outputs: Record<string, HostTensor>, rowCounts: readonly number[]): Array<Record<string, HostTensor>> {
  const result: Array<Record<string, HostTensor>> = rowCounts.map(() => ({}));
  for (const [name, t] of Object.entries(outputs)) {
    const total = t.dims[0] ?? 0;
    const expected = rowCounts.reduce((a, b) => a + b, 0);
    if (total !== expected) throw new Error(`output ${name} has ${total} rows, the batch had ${expected}`);
    const rowElems = elementCount(t.dims.slice(1));
    const size = elemSize(t.type);
    const src = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    let row = 0;
    rowCounts.forEach((count, i) => {
      const dims = [count, ...t.dims.slice(1)];
      const data = allocData(t.type, count * rowElems);
      new Uint8Array(data.buffer).set(src.subarray(row * rowElems * size, (row + count) * rowElems * size));
      const target = result[i];
      if (target) target[name] = { type: t.type, dims, data };
      row += count;
    });
  }
  return result;
}
