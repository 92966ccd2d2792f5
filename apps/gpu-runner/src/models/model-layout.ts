import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { manifestSchema, modelIdSchema, type ModelManifest } from "./manifest.js";

/**
 * Reads a model folder into a manifest:
 * - manifest.json present: that (validated);
 * - a Hugging Face ONNX export (model.onnx or onnx/model.onnx, plus tokenizer.json):
 *   a WordPiece embedding model, pooling from 1_Pooling/config.json (mean by default; CLS for
 *   e.g. bge), L2-normalised, token cap from sentence_bert_config.json / tokenizer.json /
 *   config.json (512 otherwise);
 * - just a model.onnx: a tensor model for the KServe v2 API.
 * The folder name is the model id unless the manifest says otherwise.
 */

export class ModelLayoutError extends Error {
  readonly code = "MODEL_LOAD_FAILED";
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8")) as unknown;
}

const poolingConfig = z
  .object({ pooling_mode_cls_token: z.boolean().optional(), pooling_mode_mean_tokens: z.boolean().optional(), pooling_mode_max_tokens: z.boolean().optional() })
  .passthrough();
const sbertConfig = z.object({ max_seq_length: z.number().int().positive().optional() }).passthrough();
const hfConfig = z.object({ hidden_size: z.number().int().positive().optional(), max_position_embeddings: z.number().int().positive().optional() }).passthrough();
const tokenizerTruncation = z.object({ truncation: z.object({ max_length: z.number().int().positive() }).passthrough().nullable().optional() }).passthrough();
const modulesJson = z.array(z.object({ type: z.string() }).passthrough());

export async function readModelFolder(dir: string): Promise<ModelManifest> {
  const manifestPath = join(dir, "manifest.json");
  if (existsSync(manifestPath)) {
    const parsed = manifestSchema.safeParse(await readJson(manifestPath));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      throw new ModelLayoutError(`${manifestPath}: ${issues}`);
    }
    return parsed.data;
  }
  const id = basename(dir);
  if (!modelIdSchema.safeParse(id).success) throw new ModelLayoutError(`${dir}: folder name is not a valid model id`);
  const modelFile = ["model.onnx", join("onnx", "model.onnx")].find((f) => existsSync(join(dir, f)));
  if (!modelFile) throw new ModelLayoutError(`${dir}: no manifest.json, model.onnx or onnx/model.onnx`);
  if (!existsSync(join(dir, "tokenizer.json"))) {
    return manifestSchema.parse({ id, format: "onnx", task: "tensor", files: { model: modelFile }, kserve: true });
  }

  let pooling: "mean" | "cls" = "mean";
  const poolPath = join(dir, "1_Pooling", "config.json");
  if (existsSync(poolPath)) {
    const p = poolingConfig.parse(await readJson(poolPath));
    if (p.pooling_mode_cls_token) pooling = "cls";
    else if (p.pooling_mode_max_tokens && !p.pooling_mode_mean_tokens) throw new ModelLayoutError(`${poolPath}: max pooling is not supported`);
  }
  let normalize = true;
  const modulesPath = join(dir, "modules.json");
  if (existsSync(modulesPath)) {
    const mods = modulesJson.safeParse(await readJson(modulesPath));
    if (mods.success) normalize = mods.data.some((m) => m.type.endsWith("Normalize")) || mods.data.length === 0;
  }
  const caps: number[] = [];
  const sbertPath = join(dir, "sentence_bert_config.json");
  if (existsSync(sbertPath)) {
    const s = sbertConfig.parse(await readJson(sbertPath));
    if (s.max_seq_length) caps.push(s.max_seq_length);
  }
  const tok = tokenizerTruncation.safeParse(await readJson(join(dir, "tokenizer.json")));
  if (tok.success && tok.data.truncation?.max_length) caps.push(tok.data.truncation.max_length);
  let dimension: number | undefined;
  const configPath = join(dir, "config.json");
  if (existsSync(configPath)) {
    const c = hfConfig.parse(await readJson(configPath));
    if (c.max_position_embeddings) caps.push(c.max_position_embeddings);
    dimension = c.hidden_size;
  }
  return manifestSchema.parse({
    id,
    format: "onnx",
    task: "embedding",
    description: `Hugging Face ONNX export in ${dir}`,
    files: { model: modelFile, tokenizer: "tokenizer.json" },
    maxTokens: caps.length ? Math.min(...caps) : 512,
    ...(dimension ? { dimension } : {}),
    pooling,
    normalize,
    tokenizer: { kind: "wordpiece" },
    inputs: { style: "dense", inputIds: "input_ids", attentionMask: "attention_mask", tokenTypeIds: "token_type_ids", padId: 0 },
    kserve: true,
  });
}
