import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RUNNER_KEY_FILE = "gpu-runner-key";
const KEY_PATTERN = /^[A-Za-z0-9_-]{32,200}$/;

export interface RunnerKey {
  key: string;
  path: string;
  /** True when this call generated it. */
  created: boolean;
}

/**
 * The GPU runner key `npm start` gives the runner (GPU_RUNNER_KEYS) and the web and worker
 * (EMBEDDING_API_KEY): generated once, kept in DATA_DIR/gpu-runner-key with mode 0600, reused
 * by every later start.
 */
export function ensureRunnerKey(dataDir: string): RunnerKey {
  const path = join(dataDir, RUNNER_KEY_FILE);
  const key = `syr_${randomBytes(32).toString("base64url")}`;
  try {
    // wx: never overwrite a key another start wrote first.
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
    return { key, path, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const existing = readFileSync(path, "utf8").trim();
  if (!KEY_PATTERN.test(existing)) {
    throw new Error(`${path} does not hold a runner key (32-200 characters of A-Z a-z 0-9 _ -); remove it to generate a new one`);
  }
  // A copy restored with wider permissions is narrowed again: the key grants the runner's API.
  if ((statSync(path).mode & 0o777) !== 0o600) chmodSync(path, 0o600);
  return { key: existing, path, created: false };
}
