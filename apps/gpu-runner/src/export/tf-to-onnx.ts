import { OnnxGraphBuilder, attr, type Dim } from "../onnx/graph-builder.js";
import type { ElemType } from "../onnx/tensor-types.js";
import { attrBool, attrInt, attrInts, attrShape, attrString, tfDType, type TfDType, type TfGraph, type TfNode } from "./tfjs-graph.js";

/**
 * Converts a TensorFlow (TF.js) inference graph to ONNX opset 13, op by op.
 *
 * Conventions:
 * - Every TF integer tensor (int32 or int64) becomes int64 in ONNX. ONNX wants int64 for
 *   shapes, axes and gather/scatter indices, so one integer type removes all casts between them.
 * - Shape-like operands (axes, perms, slice bounds) must be constants in the TF graph; the
 *   converter reads them at export time and fails with the node's name when they are not.
 * - Only nodes that the requested outputs depend on are converted.
 */

export interface TfToOnnxOptions {
  /** TF node names of the graph outputs, with the ONNX names to give them. */
  outputs: Array<{ tf: string; name: string; dims: Dim[] }>;
  /** ONNX names and dims for TF placeholders (defaults: the TF name and shape). */
  inputs?: Record<string, { name?: string; dims?: Dim[] }>;
  graphName: string;
  metadata?: Record<string, string>;
  doc?: string;
}

export interface ConvertedModel {
  bytes: Uint8Array;
  inputs: Array<{ name: string; type: ElemType; dims: Dim[] }>;
  outputs: Array<{ name: string; type: ElemType; dims: Dim[] }>;
  /** TF op type → count, of the converted nodes. */
  tfOps: Record<string, number>;
  onnxNodeCount: number;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

const UNARY: Record<string, string> = {
  Sin: "Sin",
  Cos: "Cos",
  Tanh: "Tanh",
  Relu: "Relu",
  LogicalNot: "Not",
  Sqrt: "Sqrt",
  Exp: "Exp",
  Neg: "Neg",
  Sigmoid: "Sigmoid",
};

const BINARY: Record<string, string> = {
  Add: "Add",
  AddV2: "Add",
  BiasAdd: "Add",
  Sub: "Sub",
  Mul: "Mul",
  RealDiv: "Div",
  Maximum: "Max",
  Minimum: "Min",
  Less: "Less",
  Greater: "Greater",
  Equal: "Equal",
  Pow: "Pow",
};

function onnxType(t: TfDType): ElemType {
  return t === "float32" ? "float32" : t === "bool" ? "bool" : "int64";
}

/** Split "node:1" into ("node", 1). */
function parseRef(ref: string): { node: string; index: number } {
  const m = /^(.*):(\d+)$/.exec(ref);
  if (m && m[1] !== undefined && m[2] !== undefined) return { node: m[1], index: Number(m[2]) };
  return { node: ref, index: 0 };
}

function refName(ref: string): string {
  const { node, index } = parseRef(ref);
  return index === 0 ? node : `${node}:${index}`;
}

export function convertTfGraph(graph: TfGraph, options: TfToOnnxOptions): ConvertedModel {
  const b = new OnnxGraphBuilder(options.graphName);
  const order = reachableInTopologicalOrder(graph, options.outputs.map((o) => o.tf));
  const types = new Map<string, ElemType>();
  const tfOps: Record<string, number> = {};
  const inputs: ConvertedModel["inputs"] = [];

  const node = (name: string): TfNode => {
    const n = graph.byName.get(name);
    if (!n) throw new Error(`graph references missing node ${name}`);
    return n;
  };
  const input = (n: TfNode, i: number): string => {
    const ref = n.inputs[i];
    if (ref === undefined) throw new Error(`node ${n.name} (${n.op}): missing input ${i}`);
    return refName(ref);
  };
  const typeOf = (ref: string): ElemType => {
    const t = types.get(refName(ref));
    if (!t) throw new Error(`no type known for ${ref}`);
    return t;
  };

  /** Constant integer values of a Const node's output (for axes, perms, bounds). */
  const constInts = (n: TfNode, i: number): number[] => {
    const ref = n.inputs[i];
    if (ref === undefined) throw new Error(`node ${n.name} (${n.op}): missing input ${i}`);
    const src = node(parseRef(ref).node);
    if (src.op !== "Const") throw new Error(`node ${n.name} (${n.op}): input ${i} (${ref}) must be a constant, is ${src.op}`);
    const w = graph.weights.get(src.name);
    if (!w || w.dtype !== "int32") throw new Error(`constant ${src.name}: integer data not found`);
    return Array.from(w.data as Int32Array);
  };
  const constInt = (n: TfNode, i: number): number => {
    const v = constInts(n, i);
    if (v.length !== 1 || v[0] === undefined) throw new Error(`node ${n.name} (${n.op}): input ${i} must hold one value`);
    return v[0];
  };

  const rankCache = new Map<string, number>();
  const rankOf = (ref: string): number => {
    const key = refName(ref);
    const cached = rankCache.get(key);
    if (cached !== undefined) return cached;
    const n = node(parseRef(ref).node);
    let r: number;
    if (n.op === "Const") r = graph.weights.get(n.name)?.shape.length ?? 0;
    else if (n.op === "Placeholder") r = attrShape(n, "shape").length;
    else if (n.op === "Transpose") r = constInts(n, 1).length;
    else if (n.op === "ExpandDims") r = rankOf(input(n, 0)) + 1;
    else if (n.op === "Squeeze") r = rankOf(input(n, 0)) - attrInts(n, "squeeze_dims").length;
    else if (n.op === "Reshape") {
      const shapeSrc = node(parseRef(input(n, 1)).node);
      if (shapeSrc.op === "Pack") r = shapeSrc.inputs.length;
      else if (shapeSrc.op === "Const") r = constInts(n, 1).length;
      else throw new Error(`cannot infer the rank of ${ref} (Reshape by ${shapeSrc.op})`);
    } else if (UNARY[n.op] || n.op === "Cast" || n.op === "Softmax" || n.op === "Rsqrt" || n.op === "Square") r = rankOf(input(n, 0));
    else if (BINARY[n.op]) r = Math.max(rankOf(input(n, 0)), rankOf(input(n, 1)));
    else if (n.op === "BatchMatMul" || n.op === "BatchMatMulV2") r = Math.max(rankOf(input(n, 0)), rankOf(input(n, 1)));
    else throw new Error(`cannot infer the rank of ${ref} (op ${n.op})`);
    rankCache.set(key, r);
    return r;
  };

  const set = (n: TfNode, outType: ElemType, onnxOut: string): void => {
    types.set(n.name, outType);
    if (onnxOut !== n.name) throw new Error(`internal: output name mismatch for ${n.name}`);
  };

  for (const n of order) {
    tfOps[n.op] = (tfOps[n.op] ?? 0) + 1;
    const T = (): ElemType => onnxType(tfDType(n.attr["T"], `${n.name}.T`));
    switch (n.op) {
      case "Const": {
        const w = graph.weights.get(n.name);
        if (!w) throw new Error(`constant ${n.name}: no weight data`);
        const declared = tfDType(n.attr["dtype"], `${n.name}.dtype`);
        if (declared === "float32") {
          b.initializer(n.name, { type: "float32", dims: w.shape, data: w.data as Float32Array });
          types.set(n.name, "float32");
        } else if (declared === "bool") {
          b.initializer(n.name, { type: "bool", dims: w.shape, data: w.data as Uint8Array });
          types.set(n.name, "bool");
        } else {
          const data = BigInt64Array.from(w.data as Int32Array, (v) => BigInt(v));
          b.initializer(n.name, { type: "int64", dims: w.shape, data });
          types.set(n.name, "int64");
        }
        break;
      }
      case "Placeholder": {
        const dtype = onnxType(tfDType(n.attr["dtype"], `${n.name}.dtype`));
        const override = options.inputs?.[n.name];
        const name = override?.name ?? n.name;
        const dims: Dim[] = override?.dims ?? attrShape(n, "shape").map((d, i) => (d < 0 ? `${name}_d${i}` : d));
        b.input(name, dtype, dims);
        if (name !== n.name) b.op("Identity", [name], {}, n.name);
        types.set(n.name, dtype);
        inputs.push({ name, type: dtype, dims });
        break;
      }
      case "Identity":
        set(n, typeOf(input(n, 0)), b.op("Identity", [input(n, 0)], {}, n.name));
        break;
      case "Cast": {
        const to = onnxType(tfDType(n.attr["DstT"], `${n.name}.DstT`));
        const from = typeOf(input(n, 0));
        set(n, to, from === to ? b.op("Identity", [input(n, 0)], {}, n.name) : b.op("Cast", [input(n, 0)], { to: attr.int(castCode(to)) }, n.name));
        break;
      }
      case "Square":
        set(n, T(), b.op("Mul", [input(n, 0), input(n, 0)], {}, n.name));
        break;
      case "Rsqrt": {
        const s = b.op("Sqrt", [input(n, 0)]);
        set(n, T(), b.op("Reciprocal", [s], {}, n.name));
        break;
      }
      case "Softmax":
        set(n, T(), b.op("Softmax", [input(n, 0)], { axis: attr.int(-1) }, n.name));
        break;
      case "Shape":
        set(n, "int64", b.op("Shape", [input(n, 0)], {}, n.name));
        break;
      case "Where": {
        if (n.inputs.length !== 1) throw new Error(`node ${n.name}: Where with ${n.inputs.length} inputs is not supported`);
        const nz = b.op("NonZero", [input(n, 0)]);
        set(n, "int64", b.op("Transpose", [nz], { perm: attr.ints([1, 0]) }, n.name));
        break;
      }
      case "Reshape":
        set(n, T(), b.op("Reshape", [input(n, 0), input(n, 1)], {}, n.name));
        break;
      case "Transpose":
        set(n, T(), b.op("Transpose", [input(n, 0)], { perm: attr.ints(constInts(n, 1)) }, n.name));
        break;
      case "ExpandDims": {
        const axis = b.int64([constInt(n, 1)]);
        set(n, T(), b.op("Unsqueeze", [input(n, 0), axis], {}, n.name));
        break;
      }
      case "Squeeze": {
        const dims = attrInts(n, "squeeze_dims");
        set(n, T(), b.op("Squeeze", dims.length ? [input(n, 0), b.int64(dims)] : [input(n, 0)], {}, n.name));
        break;
      }
      case "ConcatV2": {
        const count = n.inputs.length - 1;
        const axis = constInt(n, count);
        const parts = Array.from({ length: count }, (_, i) => input(n, i));
        set(n, T(), b.op("Concat", parts, { axis: attr.int(axis) }, n.name));
        break;
      }
      case "Pack": {
        const axis = attrInt(n, "axis", 0);
        const axes = b.int64([axis]);
        const parts = n.inputs.map((_, i) => b.op("Unsqueeze", [input(n, i), axes]));
        set(n, T(), b.op("Concat", parts, { axis: attr.int(axis) }, n.name));
        break;
      }
      case "GatherV2": {
        if (attrInt(n, "batch_dims", 0) !== 0) throw new Error(`node ${n.name}: GatherV2 batch_dims is not supported`);
        const axis = constInt(n, 2);
        const t = onnxType(tfDType(n.attr["Tparams"], `${n.name}.Tparams`));
        set(n, t, b.op("Gather", [input(n, 0), input(n, 1)], { axis: attr.int(axis) }, n.name));
        break;
      }
      case "GatherNd": {
        const t = onnxType(tfDType(n.attr["Tparams"], `${n.name}.Tparams`));
        set(n, t, b.op("GatherND", [input(n, 0), input(n, 1)], {}, n.name));
        break;
      }
      case "ScatterNd": {
        // TF: ScatterNd(indices, updates, shape) into zeros. No duplicate indices in this graph family.
        const t = T();
        const zeros = b.op("ConstantOfShape", [input(n, 2)], { value: attr.tensor(zeroTensor(t)) });
        set(n, t, b.op("ScatterND", [zeros, input(n, 0), input(n, 1)], {}, n.name));
        break;
      }
      case "SparseToDense": {
        // (sparse_indices, output_shape, sparse_values, default_value)
        const t = T();
        const filled = b.op("Expand", [input(n, 3), input(n, 1)]);
        set(n, t, b.op("ScatterND", [filled, input(n, 0), input(n, 2)], {}, n.name));
        break;
      }
      case "Range":
        set(n, onnxType(tfDType(n.attr["Tidx"], `${n.name}.Tidx`)), b.op("Range", [input(n, 0), input(n, 1), input(n, 2)], {}, n.name));
        break;
      case "Sum": {
        const axes = b.int64(constInts(n, 1));
        set(n, T(), b.op("ReduceSum", [input(n, 0), axes], { keepdims: attr.int(attrBool(n, "keep_dims") ? 1 : 0) }, n.name));
        break;
      }
      case "Mean":
      case "Max":
      case "Min":
      case "Prod": {
        const op = { Mean: "ReduceMean", Max: "ReduceMax", Min: "ReduceMin", Prod: "ReduceProd" }[n.op];
        set(n, T(), b.op(op, [input(n, 0)], { axes: attr.ints(constInts(n, 1)), keepdims: attr.int(attrBool(n, "keep_dims") ? 1 : 0) }, n.name));
        break;
      }
      case "MatMul": {
        let a = input(n, 0);
        let c = input(n, 1);
        if (attrBool(n, "transpose_a")) a = b.op("Transpose", [a], { perm: attr.ints([1, 0]) });
        if (attrBool(n, "transpose_b")) c = b.op("Transpose", [c], { perm: attr.ints([1, 0]) });
        set(n, T(), b.op("MatMul", [a, c], {}, n.name));
        break;
      }
      case "BatchMatMul":
      case "BatchMatMulV2": {
        let a = input(n, 0);
        let c = input(n, 1);
        const swapLast = (ref: string): string => {
          const r = rankOf(ref);
          const perm = Array.from({ length: r }, (_, i) => i);
          perm[r - 1] = r - 2;
          perm[r - 2] = r - 1;
          return b.op("Transpose", [ref], { perm: attr.ints(perm) });
        };
        if (attrBool(n, "adj_x")) a = swapLast(a);
        if (attrBool(n, "adj_y")) c = swapLast(c);
        set(n, T(), b.op("MatMul", [a, c], {}, n.name));
        break;
      }
      case "Conv2D": {
        // Only the 1x1, stride-1, NHWC form (a per-position dense layer), as a MatMul.
        const kernelNode = node(parseRef(input(n, 1)).node);
        const w = graph.weights.get(kernelNode.name);
        if (kernelNode.op !== "Const" || !w || w.dtype !== "float32") throw new Error(`node ${n.name}: Conv2D kernel must be a float constant`);
        const [kh, kw, cin, cout] = w.shape;
        const format = attrString(n, "data_format") ?? "NHWC";
        const strides = attrInts(n, "strides");
        const dilations = attrInts(n, "dilations");
        if (kh !== 1 || kw !== 1 || cin === undefined || cout === undefined || format !== "NHWC" || strides.some((s) => s !== 1) || dilations.some((d) => d !== 1)) {
          throw new Error(`node ${n.name}: only 1x1 stride-1 NHWC Conv2D is supported`);
        }
        const k2 = b.initializer(b.fresh(`${kernelNode.name}/as_matrix`), { type: "float32", dims: [cin, cout], data: w.data as Float32Array });
        set(n, "float32", b.op("MatMul", [input(n, 0), k2], {}, n.name));
        break;
      }
      case "SplitV": {
        const sizes = constInts(n, 1);
        const axis = constInt(n, 2);
        if (sizes.some((s) => s < 0)) throw new Error(`node ${n.name}: SplitV with an inferred (-1) size is not supported`);
        const outs = sizes.map((_, i) => (i === 0 ? n.name : `${n.name}:${i}`));
        b.node("Split", [input(n, 0), b.int64(sizes)], outs, { axis: attr.int(axis) });
        for (const o of outs) types.set(o, T());
        break;
      }
      case "StridedSlice":
        set(n, T(), emitStridedSlice(b, n, input(n, 0), constInts(n, 1), constInts(n, 2), constInts(n, 3)));
        break;
      case "Slice": {
        const begin = constInts(n, 1);
        const size = constInts(n, 2);
        const ends = begin.map((bg, i) => ((size[i] ?? -1) < 0 ? INT64_MAX : BigInt(bg + (size[i] ?? 0))));
        const axes = begin.map((_, i) => i);
        set(n, T(), b.op("Slice", [input(n, 0), b.int64(begin), b.int64(ends), b.int64(axes)], {}, n.name));
        break;
      }
      default: {
        const u = UNARY[n.op];
        const bin = BINARY[n.op];
        if (u) {
          set(n, n.op === "LogicalNot" ? "bool" : T(), b.op(u, [input(n, 0)], {}, n.name));
        } else if (bin) {
          const outType = n.op === "Less" || n.op === "Greater" || n.op === "Equal" ? "bool" : T();
          set(n, outType, b.op(bin, [input(n, 0), input(n, 1)], {}, n.name));
        } else {
          throw new Error(`unsupported TensorFlow op ${n.op} (node ${n.name})`);
        }
      }
    }
  }

  const outputs: ConvertedModel["outputs"] = [];
  for (const o of options.outputs) {
    const t = typeOf(o.tf);
    b.op("Identity", [refName(o.tf)], {}, o.name);
    b.output(o.name, t, o.dims);
    outputs.push({ name: o.name, type: t, dims: o.dims });
  }
  const bytes = b.toBytes({
    opset: 13,
    producer: "switchyard-gpu-runner tf-to-onnx",
    ...(options.doc ? { doc: options.doc } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
  return { bytes, inputs, outputs, tfOps, onnxNodeCount: b.nodeCount };
}

function castCode(t: ElemType): number {
  return t === "float32" ? 1 : t === "bool" ? 9 : 7;
}

function zeroTensor(t: ElemType): { type: ElemType; dims: number[]; data: Float32Array | BigInt64Array | Uint8Array } {
  if (t === "float32") return { type: "float32", dims: [1], data: new Float32Array(1) };
  if (t === "bool") return { type: "bool", dims: [1], data: new Uint8Array(1) };
  return { type: "int64", dims: [1], data: new BigInt64Array(1) };
}

/** TF StridedSlice with constant bounds → ONNX Slice (+ Squeeze for shrunk axes). */
function emitStridedSlice(b: OnnxGraphBuilder, n: TfNode, x: string, begin: number[], end: number[], strides: number[]): string {
  const beginMask = attrInt(n, "begin_mask", 0);
  const endMask = attrInt(n, "end_mask", 0);
  const shrinkMask = attrInt(n, "shrink_axis_mask", 0);
  if (attrInt(n, "ellipsis_mask", 0) !== 0 || attrInt(n, "new_axis_mask", 0) !== 0) {
    throw new Error(`node ${n.name}: StridedSlice with ellipsis or new-axis masks is not supported`);
  }
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const steps: bigint[] = [];
  const squeeze: number[] = [];
  for (let i = 0; i < begin.length; i++) {
    const bit = 1 << i;
    const step = strides[i] ?? 1;
    if (step === 0) throw new Error(`node ${n.name}: zero stride`);
    if (shrinkMask & bit) {
      const bg = begin[i] ?? 0;
      starts.push(BigInt(bg));
      ends.push(bg === -1 ? INT64_MAX : BigInt(bg + 1));
      steps.push(1n);
      squeeze.push(i);
      continue;
    }
    starts.push(beginMask & bit ? (step > 0 ? 0n : INT64_MAX) : BigInt(begin[i] ?? 0));
    ends.push(endMask & bit ? (step > 0 ? INT64_MAX : INT64_MIN) : BigInt(end[i] ?? 0));
    steps.push(BigInt(step));
  }
  const axes = begin.map((_, i) => i);
  const sliced = squeeze.length
    ? b.op("Slice", [x, b.int64(starts), b.int64(ends), b.int64(axes), b.int64(steps)])
    : b.op("Slice", [x, b.int64(starts), b.int64(ends), b.int64(axes), b.int64(steps)], {}, n.name);
  return squeeze.length ? b.op("Squeeze", [sliced, b.int64(squeeze)], {}, n.name) : sliced;
}

/** The nodes the outputs depend on, each after its inputs. */
function reachableInTopologicalOrder(graph: TfGraph, outputs: string[]): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: Array<{ name: string; expanded: boolean }> = outputs.map((o) => ({ name: parseRef(o).node, expanded: false }));
  while (stack.length) {
    const top = stack.pop();
    if (!top) break;
    const n = graph.byName.get(top.name);
    if (!n) throw new Error(`graph references missing node ${top.name}`);
    if (top.expanded) {
      state.set(n.name, "done");
      order.push(n);
      continue;
    }
    const s = state.get(n.name);
    if (s === "done") continue;
    if (s === "visiting") throw new Error(`cycle at node ${n.name}`);
    state.set(n.name, "visiting");
    stack.push({ name: n.name, expanded: true });
    for (const ref of n.inputs) {
      const dep = parseRef(ref).node;
      if (state.get(dep) !== "done") stack.push({ name: dep, expanded: false });
    }
  }
  return order;
}
