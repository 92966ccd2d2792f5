import { ATTR, encodeModel, type OnnxAttributeProto, type OnnxModelProto, type OnnxNodeProto, type OnnxTensorProto, type OnnxValueInfoProto } from "./onnx-proto.js";
import { ELEM_TYPES, dataMatchesType, elementCount, type ElemType, type HostTensor } from "./tensor-types.js";

/** A node attribute, tagged with its kind (ONNX attributes are typed). */
export type AttrValue =
  | { kind: "int"; value: number }
  | { kind: "ints"; value: number[] }
  | { kind: "float"; value: number }
  | { kind: "floats"; value: number[] }
  | { kind: "string"; value: string }
  | { kind: "tensor"; value: HostTensor };

export const attr = {
  int: (value: number): AttrValue => ({ kind: "int", value }),
  ints: (value: number[]): AttrValue => ({ kind: "ints", value }),
  float: (value: number): AttrValue => ({ kind: "float", value }),
  floats: (value: number[]): AttrValue => ({ kind: "floats", value }),
  string: (value: string): AttrValue => ({ kind: "string", value }),
  tensor: (value: HostTensor): AttrValue => ({ kind: "tensor", value }),
};

/** A dimension: a fixed size or a symbolic name (dynamic). */
export type Dim = number | string;

export function tensorProto(name: string, t: HostTensor): OnnxTensorProto {
  if (!dataMatchesType(t.type, t.data)) throw new Error(`tensor ${name}: data does not match type ${t.type}`);
  if (elementCount(t.dims) !== t.data.length) {
    throw new Error(`tensor ${name}: dims [${t.dims.join(",")}] hold ${elementCount(t.dims)} elements, data has ${t.data.length}`);
  }
  return {
    name,
    dims: [...t.dims],
    data_type: ELEM_TYPES[t.type],
    raw_data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  };
}

function attributeProto(name: string, v: AttrValue): OnnxAttributeProto {
  switch (v.kind) {
    case "int":
      return { name, type: ATTR.INT, i: v.value };
    case "ints":
      return { name, type: ATTR.INTS, ints: v.value };
    case "float":
      return { name, type: ATTR.FLOAT, f: v.value };
    case "floats":
      return { name, type: ATTR.FLOATS, floats: v.value };
    case "string":
      return { name, type: ATTR.STRING, s: new TextEncoder().encode(v.value) };
    case "tensor":
      return { name, type: ATTR.TENSOR, t: tensorProto("", v.value) };
  }
}

function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): OnnxValueInfoProto {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: ELEM_TYPES[type],
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/**
 * Builds an ONNX graph node by node. Used by the TF.js exporter and by tests that need a
 * small model of their own.
 */
export class OnnxGraphBuilder {
  private readonly nodes: OnnxNodeProto[] = [];
  private readonly initializers: OnnxTensorProto[] = [];
  private readonly inputs: OnnxValueInfoProto[] = [];
  private readonly outputs: OnnxValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly graphName: string) {}

  /** A name not used yet, derived from `base`. */
  fresh(base: string): string {
    let name = base;
    while (this.names.has(name)) name = `${base}__${++this.counter}`;
    this.names.add(name);
    return name;
  }

  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.names.add(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  initializer(name: string, t: HostTensor): string {
    this.names.add(name);
    this.initializers.push(tensorProto(name, t));
    return name;
  }

  /** A new int64 constant (1-D unless `dims` says otherwise, e.g. [] for a scalar). */
  int64(values: ReadonlyArray<number | bigint>, dims: number[] = [values.length], base = "const_i64"): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.initializer(this.fresh(base), { type: "int64", dims, data });
  }

  float32(values: readonly number[], dims: number[] = [values.length], base = "const_f32"): string {
    return this.initializer(this.fresh(base), { type: "float32", dims, data: Float32Array.from(values) });
  }

  /** Add a node; returns its output names (fresh names when `outputs` is a count). */
  node(opType: string, inputs: readonly string[], outputs: readonly string[] | number = 1, attrs: Record<string, AttrValue> = {}): string[] {
    const outNames =
      typeof outputs === "number"
        ? Array.from({ length: outputs }, (_, i) => this.fresh(`${opType.toLowerCase()}_${this.nodes.length}_${i}`))
        : outputs.map((o) => {
            this.names.add(o);
            return o;
          });
    this.nodes.push({
      op_type: opType,
      name: this.fresh(`${opType}_${this.nodes.length}`),
      input: [...inputs],
      output: outNames,
      attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
    });
    return outNames;
  }

  /** Single-output convenience for `node`. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, outName?: string): string {
    const [out] = this.node(opType, inputs, outName ? [outName] : 1, attrs);
    if (out === undefined) throw new Error("unreachable: node without output");
    return out;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  toModel(options: { opset?: number; producer?: string; producerVersion?: string; doc?: string; metadata?: Record<string, string> } = {}): OnnxModelProto {
    // Initializers no node reads (constants folded into attributes) are left out.
    const used = new Set<string>();
    for (const n of this.nodes) for (const i of n.input) used.add(i);
    for (const o of this.outputs) used.add(o.name);
    const initializers = this.initializers.filter((t) => used.has(t.name));
    return {
      ir_version: 7,
      opset_import: [{ domain: "", version: options.opset ?? 13 }],
      producer_name: options.producer ?? "switchyard-gpu-runner",
      producer_version: options.producerVersion ?? "1",
      ...(options.doc ? { doc_string: options.doc } : {}),
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadata_props: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
  }

  toBytes(options?: Parameters<OnnxGraphBuilder["toModel"]>[0]): Uint8Array {
    return encodeModel(this.toModel(options));
  }
}
