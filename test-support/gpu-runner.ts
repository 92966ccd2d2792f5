import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../apps/gpu-runner/src/logger.js";
import { startRunnerServer, type RunnerServer } from "../apps/gpu-runner/src/server.js";
import { writeLinearModel } from "../apps/gpu-runner/src/testing/tiny-models.js";

export interface TestGpuRunner {
  server: RunnerServer;
  url: string;
  key: string;
  /** One KServe v2 infer call on the linear model (rows of 3 numbers); resolves with the HTTP status. */
  infer(rows: number[][]): Promise<number>;
  /** A call with a wrong key: the runner counts it as a refusal (reason "unauthorized"). */
  refuse(): Promise<number>;
  close(): Promise<void>;
}

const KEY = "test-gpu-runner-key";

/**
 * The real GPU runner on a free 127.0.0.1 port with one tiny linear model (x [batch, 3] →
 * y [batch, 2], written by our ONNX writer, nothing to download). The provider is "auto" on a
 * CUDA device that does not exist (64), so it falls back to CPU and reports why on every
 * machine: without CUDA libraries (this project's npm install) and on a GPU machine alike.
 */
export async function startTestGpuRunner(): Promise<TestGpuRunner> {
  const dir = mkdtempSync(join(tmpdir(), "sy-gpu-runner-"));
  writeLinearModel(join(dir, "linear"), [
    [1, -1],
    [0.5, 2],
    [-3, 0.25],
  ], [0.1, -0.2]);
  const server = await startRunnerServer(
    { host: "127.0.0.1", port: 0, modelsDir: dir, autoExport: false, warmup: false, apiKeys: [KEY], executionProvider: "auto", cudaDeviceId: 64, logLevel: "silent" },
    { logger: silentLogger },
  );
  const post = async (key: string, rows: number[][]): Promise<number> => {
    const res = await fetch(`${server.url}/v2/models/linear/infer`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ inputs: [{ name: "x", shape: [rows.length, 3], datatype: "FP32", data: rows.flat() }] }),
    });
    await res.arrayBuffer();
    return res.status;
  };
  return {
    server,
    url: server.url,
    key: KEY,
    infer: (rows) => post(KEY, rows),
    refuse: () => post("not-the-key", [[0, 0, 0]]),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
