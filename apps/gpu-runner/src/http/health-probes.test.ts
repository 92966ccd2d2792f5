import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR } from "../config.js";
import { silentLogger } from "../logger.js";
import { startRunnerServer, type RunnerServer } from "../server.js";
import { leaksIn } from "../testing/leak-patterns.js";
import { writeLinearModel } from "../testing/tiny-models.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";

// KServe clients and Kubernetes probes call /v2/health/* without credentials; no health or
// metadata answer may tell where the runner's files are.
const KEY = "health-probe-key";
const root = mkdtempSync(join(tmpdir(), "runner-health-"));
let useDir: string;
let server: RunnerServer;

async function get(path: string, key: string | null = null): Promise<{ status: number; text: string; body: unknown }> {
  const res = await fetch(server.url + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, text, body };
}

beforeAll(async () => {
  useDir = await ensureUseLite();
  writeLinearModel(join(root, "linear"), [[1], [2], [3]], [0]);
  // A folder whose model cannot load: reported in /health, by name only.
  mkdirSync(join(root, "broken"));
  writeFileSync(join(root, "broken", "model.onnx"), "not an onnx model");
  server = await startRunnerServer(
    {
      host: "127.0.0.1",
      port: 0,
      modelsDir: root,
      extraModelDirs: [useDir],
      autoExport: false,
      warmup: false,
      sessionReplicas: 1,
      apiKeys: [KEY],
      logLevel: "silent",
    },
    { logger: silentLogger },
  );
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("KServe v2 health probes and path-free health answers", () => {
  it("answers /v2/health/live and /v2/health/ready without a key, in the v2 protocol's shapes", async () => {
    expect(await get("/v2/health/live")).toMatchObject({ status: 200, body: { live: true } });
    expect(await get("/v2/health/ready")).toMatchObject({ status: 200, body: { ready: true } });
  });

  it("still needs a key for everything else but /health", async () => {
    for (const path of ["/v2", "/v2/models/linear", "/v2/models/linear/ready", "/v1/models", "/v1/models/use-lite", "/metrics"]) {
      expect((await get(path)).status, path).toBe(401);
      expect((await get(path, KEY)).status, path).toBe(200);
    }
    expect((await get("/health")).status).toBe(200);
  });

  it("shows no file-system path in any health or metadata answer; a failed model is named", async () => {
    const health = await get("/health");
    expect(health.body).toMatchObject({ failedModels: [{ model: "broken", error: expect.any(String) }] });
    const paths = ["/v2/health/live", "/v2/health/ready", "/v2", "/v2/models/linear", "/v2/models/linear/ready", "/v2/models/use-lite", "/v1/models", "/v1/models/use-lite"];
    const answers = [health, ...(await Promise.all(paths.map((p) => get(p, KEY))))];
    for (const [i, a] of answers.entries()) {
      expect(a.status).toBe(200);
      expect(leaksIn(a.text, [root, useDir, PACKAGE_DIR, ".onnx"]), ["/health", ...paths][i]).toEqual([]);
    }
  });

  it("ready turns 503 {ready: false} once the runner drains; live stays 200", async () => {
    await server.runner.close();
    expect(await get("/v2/health/ready")).toMatchObject({ status: 503, body: { ready: false } });
    expect(await get("/v2/health/live")).toMatchObject({ status: 200, body: { live: true } });
  });
});
