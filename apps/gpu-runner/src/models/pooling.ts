/** Pooling of token embeddings [B, T, H] into sentence vectors, and L2 normalisation. */

/** Mean over the first `lengths[b]` positions of row b (the attention-mask ones). */
export function meanPool(hidden: Float32Array, dims: readonly number[], lengths: readonly number[]): Float32Array[] {
  const [batch, seq, width] = dims;
  if (batch === undefined || seq === undefined || width === undefined) throw new Error(`mean pooling needs [B, T, H], got [${dims.join(", ")}]`);
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const len = Math.min(lengths[b] ?? seq, seq);
    // Accumulate in float64, as a reference implementation in float32 tensors would round
    // differently only in the last bits; divide by max(len, 1e-9) like sentence-transformers.
    const acc = new Float64Array(width);
    for (let t = 0; t < len; t++) {
      const base = (b * seq + t) * width;
      for (let h = 0; h < width; h++) acc[h] = (acc[h] ?? 0) + (hidden[base + h] ?? 0);
    }
    const denom = Math.max(len, 1e-9);
    const v = new Float32Array(width);
    for (let h = 0; h < width; h++) v[h] = (acc[h] ?? 0) / denom;
    out.push(v);
  }
  return out;
}

/** The first position of each row ([CLS]). */
export function clsPool(hidden: Float32Array, dims: readonly number[]): Float32Array[] {
  const [batch, seq, width] = dims;
  if (batch === undefined || seq === undefined || width === undefined) throw new Error(`CLS pooling needs [B, T, H], got [${dims.join(", ")}]`);
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) out.push(hidden.slice(b * seq * width, b * seq * width + width));
  return out;
}

/** Rows of a [B, D] output. */
export function splitRows(data: Float32Array, dims: readonly number[]): Float32Array[] {
  const [batch, width] = dims;
  if (batch === undefined || width === undefined || dims.length !== 2) throw new Error(`expected [B, D], got [${dims.join(", ")}]`);
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) out.push(data.slice(b * width, (b + 1) * width));
  return out;
}

/** x / max(‖x‖, 1e-12), in place. */
export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] ?? 0) * (v[i] ?? 0);
  const norm = Math.max(Math.sqrt(sum), 1e-12);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-12);
}
