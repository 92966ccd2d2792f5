import type { HostTensor } from "../onnx/tensor-types.js";
import type { LoadedSessionInfo } from "../engine/session-protocol.js";
import type { TextTokenizer } from "../tokenizers/tokenizer.js";
import type { ModelManifest } from "./manifest.js";
import { clsPool, l2Normalize, meanPool, splitRows } from "./pooling.js";

/**
 * A text-embedding model: tokenizer, how token ids become the session's inputs (sparse
 * indices/values like USE-lite, or dense input_ids/attention_mask like BERT exports), and
 * how outputs become one vector per text (pooling, normalisation).
 */
export interface EmbeddingModel {
  readonly kind: "embedding";
  readonly id: string;
  readonly aliases: readonly string[];
  readonly manifest: ModelManifest;
  readonly dir: string;
  readonly session: LoadedSessionInfo;
  readonly tokenizer: TextTokenizer;
  readonly maxTokens: number;
  readonly dimension: number;
  readonly kserve: boolean;
  buildFeeds(rows: ReadonlyArray<readonly number[]>): Record<string, HostTensor>;
  readVectors(outputs: Record<string, HostTensor>, rows: ReadonlyArray<readonly number[]>): Float32Array[];
  /** The output tensor to fetch. */
  readonly outputName: string;
}

export class EmbeddingModelError extends Error {
  readonly code = "MODEL_LOAD_FAILED";
}

type FeedPlan =
  | { style: "sparse"; indices: string; values: string }
  | { style: "dense"; inputIds: string; attentionMask: string | null; tokenTypeIds: string | null; padId: number };

export function createEmbeddingModel(args: {
  manifest: ModelManifest;
  dir: string;
  session: LoadedSessionInfo;
  tokenizer: TextTokenizer;
}): EmbeddingModel {
  const { manifest, session, tokenizer } = args;
  const inputNames = new Set(session.inputs.map((i) => i.name));
  const declared = manifest.inputs ?? { style: "dense" as const, inputIds: "input_ids", attentionMask: "attention_mask", tokenTypeIds: "token_type_ids", padId: 0 };
  let plan: FeedPlan;
  if (declared.style === "sparse") {
    for (const n of [declared.indices, declared.values]) {
      if (!inputNames.has(n)) throw new EmbeddingModelError(`model ${manifest.id}: input ${n} not found (model inputs: ${[...inputNames].join(", ")})`);
    }
    plan = { style: "sparse", indices: declared.indices, values: declared.values };
  } else {
    if (!inputNames.has(declared.inputIds)) throw new EmbeddingModelError(`model ${manifest.id}: input ${declared.inputIds} not found (model inputs: ${[...inputNames].join(", ")})`);
    const mask = declared.attentionMask && inputNames.has(declared.attentionMask) ? declared.attentionMask : null;
    const types = declared.tokenTypeIds && inputNames.has(declared.tokenTypeIds) ? declared.tokenTypeIds : null;
    const known = new Set([declared.inputIds, mask, types].filter((x): x is string => x !== null));
    const unknown = [...inputNames].filter((n) => !known.has(n));
    if (unknown.length) throw new EmbeddingModelError(`model ${manifest.id}: cannot feed inputs ${unknown.join(", ")}`);
    plan = { style: "dense", inputIds: declared.inputIds, attentionMask: mask, tokenTypeIds: types, padId: declared.padId };
  }
  const output = manifest.output ? session.outputs.find((o) => o.name === manifest.output) : session.outputs[0];
  if (!output) throw new EmbeddingModelError(`model ${manifest.id}: output ${manifest.output ?? "(first)"} not found`);
  const outRank = output.dims.length;
  if (outRank !== 2 && outRank !== 3) throw new EmbeddingModelError(`model ${manifest.id}: output ${output.name} has rank ${outRank}; expected [B, D] or [B, T, H]`);
  const lastDim = output.dims[outRank - 1];
  const dimension = manifest.dimension ?? (typeof lastDim === "number" && lastDim > 0 ? lastDim : undefined);
  if (!dimension) throw new EmbeddingModelError(`model ${manifest.id}: embedding dimension unknown (set "dimension" in manifest.json)`);
  const pooling = outRank === 2 ? "none" : manifest.pooling === "none" ? "mean" : manifest.pooling;

  const buildFeeds = (rows: ReadonlyArray<readonly number[]>): Record<string, HostTensor> => {
    if (plan.style === "sparse") {
      let n = 0;
      for (const r of rows) n += r.length;
      const indices = new BigInt64Array(n * 2);
      const values = new BigInt64Array(n);
      let k = 0;
      rows.forEach((r, i) => {
        const bi = BigInt(i);
        for (let j = 0; j < r.length; j++) {
          indices[2 * k] = bi;
          indices[2 * k + 1] = BigInt(j);
          values[k] = BigInt(r[j] ?? 0);
          k++;
        }
      });
      return {
        [plan.indices]: { type: "int64", dims: [n, 2], data: indices },
        [plan.values]: { type: "int64", dims: [n], data: values },
      };
    }
    const batch = rows.length;
    const seq = Math.max(1, ...rows.map((r) => r.length));
    const ids = new BigInt64Array(batch * seq).fill(BigInt(plan.padId));
    const mask = new BigInt64Array(batch * seq);
    rows.forEach((r, b) => {
      for (let t = 0; t < r.length; t++) {
        ids[b * seq + t] = BigInt(r[t] ?? 0);
        mask[b * seq + t] = 1n;
      }
    });
    const feeds: Record<string, HostTensor> = { [plan.inputIds]: { type: "int64", dims: [batch, seq], data: ids } };
    if (plan.attentionMask) feeds[plan.attentionMask] = { type: "int64", dims: [batch, seq], data: mask };
    if (plan.tokenTypeIds) feeds[plan.tokenTypeIds] = { type: "int64", dims: [batch, seq], data: new BigInt64Array(batch * seq) };
    return feeds;
  };

  const readVectors = (outputs: Record<string, HostTensor>, rows: ReadonlyArray<readonly number[]>): Float32Array[] => {
    const out = outputs[output.name];
    if (!out || out.type !== "float32") throw new EmbeddingModelError(`model ${manifest.id}: output ${output.name} missing or not float32`);
    const data = out.data as Float32Array;
    let vectors: Float32Array[];
    if (pooling === "none") vectors = splitRows(data, out.dims);
    else if (pooling === "cls") vectors = clsPool(data, out.dims);
    else vectors = meanPool(data, out.dims, rows.map((r) => r.length));
    if (vectors.length !== rows.length) throw new EmbeddingModelError(`model ${manifest.id}: ${vectors.length} vectors for ${rows.length} texts`);
    if (manifest.normalize) for (const v of vectors) l2Normalize(v);
    return vectors;
  };

  return {
    kind: "embedding",
    id: manifest.id,
    aliases: manifest.aliases,
    manifest,
    dir: args.dir,
    session,
    tokenizer,
    maxTokens: tokenizer.maxTokens,
    dimension,
    kserve: manifest.kserve ?? plan.style === "dense",
    buildFeeds,
    readVectors,
    outputName: output.name,
  };
}
