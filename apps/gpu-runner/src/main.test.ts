import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createDatabase } from "@switchyard/db";
import { startTestSqlite } from "@switchyard/db/test-support/sqlite";
import { getTask, submitTask } from "@switchyard/core";
import { listWorkers, Platform, readEventsSince } from "@switchyard/queue";
import { DEFAULT_POOLS } from "@switchyard/shared";
import { freePort } from "../../../test-support/free-port.js";
import { removePrefixKeys } from "../../../test-support/prefix-keys.js";
import { ensureUseLite } from "./testing/use-lite-fixture.js";

const MAIN = join(dirname(fileURLToPath(import.meta.url)), "main.ts");

function start(env: Record<string, string>): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ["--import", "tsx", MAIN], { env: { ...process.env, LOG_LEVEL: "info", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return { proc, output: () => out, exited };
}

async function waitHealthy(url: string, exited: Promise<number | null>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    if (done) throw new Error("runner exited before becoming healthy");
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await ensureUseLite();
});

describe("src/main.ts (the process)", () => {
  it("drains on SIGTERM: a request in flight completes, then the process exits 0", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const p = start({ GPU_RUNNER_PORT: String(port), GPU_RUNNER_KEYS: "k", GPU_RUNNER_EP: "cpu", GPU_RUNNER_MAX_BATCH: "8" });
    await waitHealthy(url, p.exited);
    const texts = Array.from({ length: 160 }, (_, i) => `A fairly long sentence number ${i}, repeated to give the runner real work: `.repeat(4));
    const inFlight = fetch(`${url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ model: "use-lite", input: texts, encoding_format: "base64" }),
    });
    // Wait until the work is queued or computing, then ask the process to stop.
    for (;;) {
      const h = (await (await fetch(`${url}/health`)).json()) as { queue: { depth: number; batchesInFlight: number } };
      if (h.queue.depth > 0 || h.queue.batchesInFlight > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    p.proc.kill("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown[] };
    expect(body.data).toHaveLength(160);
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/"msg":"draining"/);
    expect(p.output()).toMatch(/"msg":"runner closed"/);
  }, 60_000);

  it("GPU_RUNNER_EP=cuda without a loadable CUDA provider exits at start with a clear message", async () => {
    const port = await freePort();
    const p = start({ GPU_RUNNER_PORT: String(port), GPU_RUNNER_EP: "cuda", GPU_RUNNER_KEYS: "k" });
    const code = await Promise.race([p.exited, new Promise<"running">((r) => setTimeout(() => r("running"), 30_000))]);
    if (code === "running") {
      // CUDA works on this machine: the runner started.
      p.proc.kill("SIGTERM");
      await p.exited;
      return;
    }
    expect(code).toBe(3);
    expect(p.output()).toMatch(/GPU_RUNNER_EP=cuda but CUDA execution provider (not available|failed to load)/);
  }, 60_000);

  it("refuses a bad environment naming the variable", async () => {
    const p = start({ GPU_RUNNER_PORT: "not-a-port" });
    expect(await p.exited).toBe(2);
    expect(p.output()).toMatch(/GPU_RUNNER_PORT/);
  }, 30_000);

  it("with GPU_RUNNER_REDIS_URL and GPU_RUNNER_DATABASE_URL it serves the embed pool, and SIGTERM closes that too", async () => {
    const redisUrl = inject("redisUrl");
    const prefix = `gpu-main-${process.pid}-${Date.now().toString(36)}`;
    const sqlite = await startTestSqlite();
    const db = await createDatabase(sqlite.url);
    await db.migrate();
    const platform = new Platform({ redisUrl, prefix, pools: DEFAULT_POOLS, db });
    const port = await freePort();
    const p = start({
      GPU_RUNNER_PORT: String(port),
      GPU_RUNNER_KEYS: "k",
      GPU_RUNNER_EP: "cpu",
      GPU_RUNNER_SESSION_REPLICAS: "1",
      GPU_RUNNER_REDIS_URL: redisUrl,
      GPU_RUNNER_DATABASE_URL: sqlite.url,
      GPU_RUNNER_QUEUE_PREFIX: prefix,
      GPU_RUNNER_WORKER_ID: "runner-under-test",
    });
    try {
      await waitHealthy(`http://127.0.0.1:${port}`, p.exited);
      const { id } = await submitTask(platform, { type: "embed.texts", payload: { texts: ["one text", "and another"] } });
      const task = await vi.waitFor(
        async () => {
          const t = await getTask(platform, id);
          if (t.status !== "completed") throw new Error(`still ${t.status}`);
          return t;
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(task.result).toMatchObject({ model: "use-lite", dimension: 512 });
      const events = await readEventsSince(platform.redis, prefix, "embed", "0-0", "+", id);
      expect(events.filter((e) => e.kind === "progress").at(-1)).toMatchObject({ progress: { percent: 100 } });
      expect(await listWorkers(platform.redis, prefix)).toContainEqual(expect.objectContaining({ id: "runner-under-test", pools: ["embed"] }));
      expect(p.output()).toMatch(/"msg":"serving the embed pool"/);

      p.proc.kill("SIGTERM");
      expect(await p.exited).toBe(0);
      // The worker runtime closed: its heartbeat is gone at once, not after the timeout.
      expect(await listWorkers(platform.redis, prefix)).toEqual([]);
      expect(p.output()).toMatch(/"msg":"runner closed"/);
    } finally {
      if (p.proc.exitCode === null) p.proc.kill("SIGKILL");
      await platform.close();
      await db.close();
      await removePrefixKeys(redisUrl, prefix);
      await sqlite.stop();
    }
  }, 90_000);
});
