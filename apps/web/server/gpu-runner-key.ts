import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The key the web sends to the GPU runner's /metrics: GPU_RUNNER_KEY when set, else the one
 * `npm start` generated in DATA_DIR/gpu-runner-key (scripts/lib/runner-key.ts), else none
 * (the GPU page then shows the runner's public health only).
 */
export function gpuRunnerKey(configured: string | undefined, dataDir: string): string | null {
  if (configured) return configured;
  try {
    const key = readFileSync(join(dataDir, "gpu-runner-key"), "utf8").trim();
    return key === "" ? null : key;
  } catch {
    return null;
  }
}
