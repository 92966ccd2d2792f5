import { readFileSync } from "node:fs";
import { endianness } from "node:os";
import protobuf from "protobufjs";

/**
 * Encode and decode ONNX models with protobufjs, from the subset of onnx.proto3 in
 * onnx.proto beside this file (official field numbers). Tensor data is always written
 * as little-endian raw_data.
 */

export interface OnnxTensorProto {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Array<number | string>;
  double_data?: number[];
}

export const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface OnnxAttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number | string;
  s?: Uint8Array;
  t?: OnnxTensorProto;
  floats?: number[];
  ints?: Array<number | string>;
  strings?: Uint8Array[];
}

export interface OnnxNodeProto {
  input: string[];
  output: string[];
  name?: string;
  op_type: string;
  domain?: string;
  attribute?: OnnxAttributeProto[];
}

export interface OnnxDimension {
  dim_value?: number;
  dim_param?: string;
}

export interface OnnxValueInfoProto {
  name: string;
  type: { tensor_type: { elem_type: number; shape?: { dim: OnnxDimension[] } } };
}

export interface OnnxGraphProto {
  name: string;
  node: OnnxNodeProto[];
  initializer: OnnxTensorProto[];
  input: OnnxValueInfoProto[];
  output: OnnxValueInfoProto[];
}

export interface OnnxModelProto {
  ir_version: number;
  opset_import: Array<{ domain: string; version: number }>;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  graph: OnnxGraphProto;
  metadata_props?: Array<{ key: string; value: string }>;
}

if (endianness() !== "LE") {
  throw new Error("the ONNX writer assumes a little-endian host (ONNX raw_data is little-endian)");
}

let modelType: protobuf.Type | null = null;

function getModelType(): protobuf.Type {
  if (!modelType) {
    const source = readFileSync(new URL("./onnx.proto", import.meta.url), "utf8");
    const { root } = protobuf.parse(source, { keepCase: true });
    modelType = root.lookupType("onnx.ModelProto");
  }
  return modelType;
}

export function encodeModel(model: OnnxModelProto): Uint8Array {
  const type = getModelType();
  const message = type.fromObject(model as unknown as Record<string, unknown>);
  return type.encode(message).finish();
}

/**
 * Decode a model (for inspection and tests). int64 fields come back as JS numbers, exact up
 * to 2^53 (tensor data lives in raw_data and is not affected); bytes stay Uint8Array.
 */
export function decodeModel(bytes: Uint8Array): OnnxModelProto {
  const type = getModelType();
  const decoded = type.decode(bytes);
  return type.toObject(decoded, { longs: Number, defaults: false, arrays: true }) as unknown as OnnxModelProto;
}
