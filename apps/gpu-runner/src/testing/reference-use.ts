import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { useLitePackageDir } from "../export/export-use-lite.js";

/**
 * The reference: Universal Sentence Encoder Lite run by TF.js (@tensorflow/tfjs, pure-JS CPU
 * backend) from the package's own files, fed by the package's own tokenizer
 * (@energetic-ai/embeddings). The embeddings package is loaded with its @energetic-ai/core
 * dependency stubbed: core bundles a second TF.js that would take over the global engine;
 * the tokenizer does not use it.
 */

interface ReferenceTokenizer {
  encode(text: string): number[];
}

let tokenizer: ReferenceTokenizer | null = null;

export function referenceTokenizer(): ReferenceTokenizer {
  if (tokenizer) return tokenizer;
  const require = createRequire(import.meta.url);
  const corePath = require.resolve("@energetic-ai/core");
  require.cache[corePath] ??= { id: corePath, filename: corePath, loaded: true, exports: {} } as NodeJS.Module;
  const mod = require("@energetic-ai/embeddings") as { EmbeddingsModel: new (d: { vocabulary: unknown; model: unknown }) => { tokenizer: ReferenceTokenizer } };
  const vocabulary: unknown = JSON.parse(readFileSync(join(useLitePackageDir(), "vocab.json"), "utf8"));
  tokenizer = new mod.EmbeddingsModel({ vocabulary, model: null }).tokenizer;
  return tokenizer;
}

let model: tf.GraphModel | null = null;

async function loadModel(): Promise<tf.GraphModel> {
  if (model) return model;
  await tf.setBackend("cpu");
  await tf.ready();
  const dir = useLitePackageDir();
  const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const group = json.weightsManifest[0];
  if (!group) throw new Error("model.json has no weights");
  const buf = Buffer.concat(group.paths.map((p) => readFileSync(join(dir, p))));
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: group.weights, weightData }));
  return model;
}

/** Embeddings of `idRows` (token ids per sentence) by the TF.js graph, as the package feeds it. */
export async function referenceEmbedIds(idRows: number[][]): Promise<number[][]> {
  const m = await loadModel();
  const indices: number[][] = [];
  const values: number[] = [];
  idRows.forEach((row, i) => row.forEach((id, j) => {
    indices.push([i, j]);
    values.push(id);
  }));
  const inputs = { indices: tf.tensor2d(indices, [indices.length, 2], "int32"), values: tf.tensor1d(values, "int32") };
  const out = (await m.executeAsync(inputs)) as tf.Tensor;
  const result = (await out.array()) as number[][];
  out.dispose();
  inputs.indices.dispose();
  inputs.values.dispose();
  return result;
}
