import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gpuRunnerKey } from "./gpu-runner-key.js";

describe("gpuRunnerKey", () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), "sy-runner-key-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("prefers GPU_RUNNER_KEY, else reads the key npm start wrote in DATA_DIR, else none", () => {
    const withFile = dataDir();
    writeFileSync(join(withFile, "gpu-runner-key"), "syr_from_the_file\n", { mode: 0o600 });
    expect(gpuRunnerKey("configured", withFile)).toBe("configured");
    expect(gpuRunnerKey(undefined, withFile)).toBe("syr_from_the_file");
    expect(gpuRunnerKey(undefined, dataDir())).toBeNull();
  });
});
