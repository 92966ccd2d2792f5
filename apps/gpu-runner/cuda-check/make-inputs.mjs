// Token ids and CPU reference embeddings for check_model.py, made with the runner's own code
// (its manifest schema, SentencePiece tokenizer, sparse feed builder and ort-session on
// onnxruntime-node's CPU provider), so the Python check on the GPU machine needs no tokenizer.
//
//   npx tsx apps/gpu-runner/cuda-check/make-inputs.mjs   # from the repository root
//   → apps/gpu-runner/cuda-check/inputs.json
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { manifestSchema } from "../src/models/manifest.ts";
import { loadTokenizer } from "../src/models/load-tokenizer.ts";
import { createEmbeddingModel } from "../src/models/embedding-model.ts";
import { createSession, runSession } from "../src/engine/ort-session.ts";

const here = dirname(fileURLToPath(import.meta.url));
const modelDir = join(here, "..", "models", "use-lite");
const manifest = manifestSchema.parse(JSON.parse(await readFile(join(modelDir, "manifest.json"), "utf8")));
const tokenizer = await loadTokenizer(manifest, modelDir);
const { session, info } = await createSession(join(modelDir, manifest.files.model), "cpu", {
  intraOpThreads: 1,
  allowSpinning: false,
  cudaDeviceId: 0,
});
const model = createEmbeddingModel({ manifest, dir: modelDir, session: info, tokenizer });

// Parity inputs: a spread of lengths, punctuation, unicode, one over the 128-token cap.
const parity = [
  "The quick brown fox jumps over the lazy dog.",
  "How do I reset my password?",
  "GPU inference with a CPU fallback",
  "Ceci n'est pas une pipe — c'est une phrase française.",
  "a",
  "Embeddings map sentences to vectors; similar meanings land close together in the space.",
  "Prices rose 3.5% in Q3 2026, beating the forecast of 2.9% by analysts at https://example.com.",
  Array.from({ length: 60 }, (_, i) => `word${i} and`).join(" "),
];

// Throughput inputs: sentences cut to exactly 12 tokens (the runner truncates the same way).
const words = ["system", "queue", "worker", "request", "model", "vector", "batch", "device", "memory", "token", "service", "latency", "green", "river", "market", "engine", "window", "signal", "garden", "report"];
const bench = [];
for (let i = 0; bench.length < 256; i++) {
  const text = Array.from({ length: 14 }, (_, j) => words[(i * 7 + j * 3 + ((i * j) % 5)) % words.length]).join(" ");
  const ids = tokenizer.encode(text).ids;
  if (ids.length >= 12) bench.push(ids.slice(0, 12));
}

const rows = parity.map((t) => tokenizer.encode(t).ids);
const out = await runSession(session, model.buildFeeds(rows), [model.outputName]);
const vectors = model.readVectors(out, rows);
await session.release();

const result = {
  note: "made by make-inputs.mjs with the runner's tokenizer and onnxruntime-node (CPU EP) on the development machine",
  onnxruntimeNode: JSON.parse(await readFile(join(here, "..", "..", "..", "node_modules", "onnxruntime-node", "package.json"), "utf8")).version,
  model: { id: manifest.id, onnxSha256: manifest.source?.onnxSha256 ?? null, inputs: info.inputs, outputs: info.outputs },
  parity: parity.map((text, i) => ({ text, ids: rows[i], embedding: Array.from(vectors[i], (x) => Number(x.toPrecision(9))) })),
  bench12: bench,
};
await writeFile(join(here, "inputs.json"), JSON.stringify(result) + "\n");
console.log(`wrote inputs.json: ${rows.length} parity rows (lengths ${rows.map((r) => r.length).join(",")}), ${bench.length} bench rows of 12 tokens`);
