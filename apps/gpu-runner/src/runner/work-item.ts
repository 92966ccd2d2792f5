import type { PendingRequest } from "../engine/pending-request.js";
import type { EmbeddingModel } from "../models/embedding-model.js";
import type { LoadedModel } from "../models/registry.js";
import type { HostTensor } from "../onnx/tensor-types.js";

/** What the request queue holds: one text to embed, or one tensor request (its rows). */

export type EmbedItem = {
  kind: "embed";
  model: EmbeddingModel;
  ids: number[];
  req: PendingRequest<Float32Array>;
  index: number;
};

export type TensorItem = {
  kind: "tensor";
  model: LoadedModel;
  inputs: Record<string, HostTensor>;
  rows: number;
  req: PendingRequest<Record<string, HostTensor>>;
  index: number;
};

export type WorkItem = EmbedItem | TensorItem;

/** One request part on its way into the queue: `groupKey` keeps a batch to one model and shape. */
export type WorkInput = { item: WorkItem; slots: number; groupKey: string };

/** The length bucket of a sequence (a batch holds one bucket, so padding stays small). */
export function lengthBucket(len: number, buckets: readonly number[], maxTokens: number): number {
  for (const b of buckets) if (len <= b) return b;
  return Math.max(maxTokens, len);
}
