import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freePort } from "../test-support/free-port.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const webMain = join(root, "apps/web/server/main.ts");
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

interface Launch {
  proc: ChildProcess;
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  pids(): Map<string, number>;
}

/** Runs scripts/start.ts as npm start would, with its own DATA_DIR and ports. */
function launch(env: Record<string, string>): Launch {
  const base = { ...process.env };
  for (const k of Object.keys(base)) {
    if (["REDIS_URL", "DATABASE_URL", "HOST", "PORT", "DATA_DIR", "QUEUE_PREFIX", "POOLS_MANIFEST", "WORKER_POOLS"].includes(k)) delete base[k];
    if (k.startsWith("GPU_RUNNER_") || k.startsWith("EMBEDDING_")) delete base[k];
  }
  const proc = spawn(process.execPath, ["--import", tsx, join(root, "scripts/start.ts")], {
    cwd: root,
    env: { ...base, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let buf = "";
  const onData = (d: Buffer): void => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  proc.stdout?.on("data", onData);
  proc.stderr?.on("data", onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    lines,
    exit,
    waitFor(re, timeoutMs) {
      const seen = lines.map((l) => l.match(re)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; output:\n${lines.join("\n")}`)), timeoutMs);
        void exit.then((e) => {
          clearTimeout(t);
          reject(new Error(`launcher exited (${e.code ?? e.signal}) before a line matching ${re}; output:\n${lines.join("\n")}`));
        });
        waiters.push({ re, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
    pids() {
      const out = new Map<string, number>();
      for (const l of lines) {
        const m = /^\[switchyard\] started (\S+) \(pid (\d+)\)/.exec(l);
        if (m) out.set(m[1]!, Number(m[2]));
      }
      return out;
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!existsSync(webMain))("npm start (scripts/start.ts)", { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sy-start-"));
  const running: Launch[] = [];
  afterAll(async () => {
    // A failed assertion must not leave a launcher (and its children) behind.
    for (const l of running) {
      if (l.proc.exitCode === null && l.proc.signalCode === null) {
        l.proc.kill("SIGTERM");
        await Promise.race([l.exit, new Promise((r) => setTimeout(r, 40_000))]);
        for (const pid of l.pids().values()) if (alive(pid)) process.kill(pid, "SIGKILL");
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs redis-server, worker and web on DATA_DIR; SIGTERM stops them all and exits 0", async () => {
    const port = await freePort();
    const runnerPort = await freePort();
    const runnerUrl = `http://127.0.0.1:${runnerPort}`;
    const l = launch({ DATA_DIR: dataDir, PORT: String(port), GPU_RUNNER_PORT: String(runnerPort) });
    running.push(l);
    const [, url] = await l.waitFor(/^\[switchyard\] ready: (http:\/\/\S+)/, 180_000);
    expect(url).toBe(`http://127.0.0.1:${port}`);

    const pids = l.pids();
    expect([...pids.keys()]).toEqual(expect.arrayContaining(["redis-server", "worker", "web"]));
    for (const pid of pids.values()) expect(alive(pid)).toBe(true);
    expect((await fetch(`${url}/api/v1/health`)).status).toBeGreaterThanOrEqual(200);
    expect(readFileSync(join(dataDir, "admin-token"), "utf8").trim().length).toBeGreaterThan(10);
    expect(existsSync(join(dataDir, "switchyard.db"))).toBe(true);

    // The GPU runner: its key generated once under DATA_DIR (0600), accepted by its API, and it
    // is the worker of the embed pool (the worker process is not).
    const keyFile = join(dataDir, "gpu-runner-key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const runnerKey = readFileSync(keyFile, "utf8").trim();
    expect(l.lines).toContainEqual(`[switchyard] generated the GPU runner key in ${keyFile}`);
    const models = await vi.waitFor(
      async () => {
        const res = await fetch(`${runnerUrl}/v1/models`, { headers: { authorization: `Bearer ${runnerKey}` } });
        expect(res.status).toBe(200);
        return (await res.json()) as { data: Array<{ id: string }> };
      },
      { timeout: 120_000, interval: 250 },
    );
    expect(models.data.map((m) => m.id)).toContain("use-lite");
    const admin = { authorization: `Bearer ${readFileSync(join(dataDir, "admin-token"), "utf8").trim()}`, "content-type": "application/json" };
    const submitted = await fetch(`${url}/api/v1/tasks`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ type: "embed.texts", payload: { texts: ["served by the runner", "through the embed pool"] } }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    const task = await vi.waitFor(
      async () => {
        const t = (await (await fetch(`${url}/api/v1/tasks/${id}`, { headers: admin })).json()) as { status: string; result: unknown };
        expect(t.status).toBe("completed");
        return t;
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(task.result).toMatchObject({ model: "use-lite", dimension: 512, embeddings: [expect.any(Array), expect.any(Array)] });
    // The worker reaches the runner as its embedding backend (openai client, runner key, breaker).
    const probe = await fetch(`${url}/api/v1/tasks`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ type: "diagnostic.probe", payload: { dependency: "gpu-runner" } }),
    });
    const probeId = ((await probe.json()) as { id: string }).id;
    const probed = await vi.waitFor(
      async () => {
        const t = (await (await fetch(`${url}/api/v1/tasks/${probeId}`, { headers: admin })).json()) as { status: string; result: unknown };
        expect(t.status).toBe("completed");
        return t;
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(probed.result).toMatchObject({ dependency: "gpu-runner", status: 200 });
    const { workers } = (await (await fetch(`${url}/api/v1/workers`, { headers: admin })).json()) as { workers: Array<{ pools: string[] }> };
    const byPools = workers.map((w) => w.pools);
    expect(byPools).toContainEqual(["embed"]);
    expect(byPools.filter((p) => p.includes("embed"))).toHaveLength(1);

    // Our own redis-server on a unix socket under DATA_DIR, persisting to an AOF.
    const socket = join(dataDir, "redis", "redis.sock");
    expect(existsSync(socket)).toBe(true);
    const r = new Redis({ path: socket });
    expect(await r.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
    await r.set("start-test:kept", "across restarts");
    r.disconnect();

    l.proc.kill("SIGTERM");
    expect(await l.exit).toEqual({ code: 0, signal: null });
    for (const [name, pid] of pids) expect(alive(pid), `${name} (pid ${pid}) still running`).toBe(false);
    expect(existsSync(socket)).toBe(false); // redis-server shut down cleanly and removed it
    const aof = join(dataDir, "redis", "appendonlydir");
    const incr = readdirSync(aof).filter((f) => f.endsWith(".incr.aof"));
    expect(incr.length).toBeGreaterThan(0);
    expect(incr.map((f) => readFileSync(join(aof, f), "utf8")).join("")).toContain("start-test:kept");
    expect(l.lines.some((line) => line.startsWith("[web] "))).toBe(true); // children's output, prefixed
  });

  it("a second start reuses DATA_DIR; a child dying stops the rest and exits 1", async () => {
    const l = launch({ DATA_DIR: dataDir, PORT: String(await freePort()), GPU_RUNNER_ENABLED: "false" });
    running.push(l);
    await l.waitFor(/^\[switchyard\] ready: /, 180_000);
    expect(l.lines).toContainEqual(expect.stringMatching(/^\[switchyard\] database .*: up to date$/));
    const r = new Redis({ path: join(dataDir, "redis", "redis.sock") });
    expect(await r.get("start-test:kept")).toBe("across restarts");
    r.disconnect();

    const pids = l.pids();
    expect(pids.has("gpu-runner")).toBe(false);
    process.kill(pids.get("worker")!, "SIGKILL");
    expect(await l.exit).toEqual({ code: 1, signal: null });
    expect(l.lines).toContainEqual(expect.stringMatching(/worker exited unexpectedly/));
    for (const [name, pid] of pids) expect(alive(pid), `${name} (pid ${pid}) still running`).toBe(false);
  });

  it("refuses to start a second redis-server on a DATA_DIR whose server still runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sy-start-busy-"));
    mkdirSync(join(dir, "redis"));
    const socket = join(dir, "redis", "redis.sock");
    const other = spawn("redis-server", ["--port", "0", "--unixsocket", socket, "--save", "", "--daemonize", "no"], { stdio: "ignore" });
    try {
      await vi.waitFor(() => expect(existsSync(socket)).toBe(true), { timeout: 10_000 });
      const l = launch({ DATA_DIR: dir, PORT: String(await freePort()) });
      running.push(l);
      expect(await l.exit).toEqual({ code: 1, signal: null });
      expect(l.lines.join("\n")).toContain(`a redis-server (pid ${other.pid}) is already serving`);
      expect(alive(other.pid!)).toBe(true); // left alone
    } finally {
      other.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
