/**
 * A minimal CBOR encoder (RFC 8949) for test authenticators: unsigned and negative integers,
 * byte strings, text strings and maps (keys in the order given) — what WebAuthn's attestation
 * objects and COSE keys use. Definite lengths only.
 */
export type CborValue = number | string | Uint8Array | Map<number | string, CborValue>;

export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  write(value, out);
  return Uint8Array.from(out);
}

function head(major: number, length: number, out: number[]): void {
  const m = major << 5;
  if (length < 24) out.push(m | length);
  else if (length < 0x100) out.push(m | 24, length);
  else if (length < 0x10000) out.push(m | 25, length >> 8, length & 0xff);
  else if (length < 0x1_0000_0000) out.push(m | 26, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  else throw new Error("CBOR lengths past 2^32 are not needed here");
}

function write(value: CborValue, out: number[]): void {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error("only integers");
    if (value >= 0) head(0, value, out);
    else head(1, -1 - value, out);
  } else if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    head(3, bytes.length, out);
    out.push(...bytes);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out);
    out.push(...value);
  } else {
    head(5, value.size, out);
    for (const [k, v] of value) {
      write(k, out);
      write(v, out);
    }
  }
}
