/** Element types this project reads and writes, with their ONNX TensorProto codes. */
export const ELEM_TYPES = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
} as const;

export type ElemType = keyof typeof ELEM_TYPES;

export type TypedData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

/** A dense tensor in host memory: row-major data with its dims. */
export interface HostTensor {
  type: ElemType;
  dims: number[];
  data: TypedData;
}

export function elemTypeFromCode(code: number): ElemType | undefined {
  for (const [name, value] of Object.entries(ELEM_TYPES)) {
    if (value === code) return name as ElemType;
  }
  return undefined;
}

export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** Allocate an empty typed array of the right kind for `type`. */
export function allocData(type: ElemType, length: number): TypedData {
  switch (type) {
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
    case "int32":
      return new Int32Array(length);
    case "int64":
      return new BigInt64Array(length);
    case "uint8":
    case "bool":
      return new Uint8Array(length);
    case "int8":
      return new Int8Array(length);
  }
}

/** Bytes per element. */
export function elemSize(type: ElemType): number {
  switch (type) {
    case "float64":
    case "int64":
      return 8;
    case "float32":
    case "int32":
      return 4;
    default:
      return 1;
  }
}

/** True when `data` is the typed array kind that `type` uses. */
export function dataMatchesType(type: ElemType, data: TypedData): boolean {
  switch (type) {
    case "float32":
      return data instanceof Float32Array;
    case "float64":
      return data instanceof Float64Array;
    case "int32":
      return data instanceof Int32Array;
    case "int64":
      return data instanceof BigInt64Array;
    case "uint8":
    case "bool":
      return data instanceof Uint8Array;
    case "int8":
      return data instanceof Int8Array;
  }
}
