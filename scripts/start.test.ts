import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freePort } from "../test-support/free-port.js";
import { readLock } from "./lib/launcher-lock.js";
import { isRunning } from "./lib/process-state.js";

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
function launch(env: Record<string, string>, opts: { detached?: boolean } = {}): Launch {
  const base = { ...process.env };
  for (const k of Object.keys(base)) {
    if (["REDIS_URL", "DATABASE_URL", "HOST", "PORT", "DATA_DIR", "QUEUE_PREFIX", "POOLS_MANIFEST", "WORKER_POOLS"].includes(k)) delete base[k];
    if (k.startsWith("GPU_RUNNER_") || k.startsWith("EMBEDDING_")) delete base[k];
  }
  const proc = spawn(process.execPath, ["--import", tsx, join(root, "scripts/start.ts")], {
    cwd: root,
    env: { ...base, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, like `npm start` in a terminal: the group can be sent SIGHUP.
    detached: opts.detached ?? false,
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
        const m = /^\[switchyard\] (?:re)?started (\S+) \(pid (\d+)\)/.exec(l);
        if (m) out.set(m[1]!, Number(m[2]));
      }
      return out;
    },
  };
}

/** A zombie (exited, its launcher gone before reaping it) counts as gone. */
const alive = isRunning;

/** Every pid the launcher ever reported (restarts included), with the watchdog's from the lock file. */
function allPids(l: Launch, dataDir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of l.lines) {
    const m = /^\[switchyard\] (?:re)?started (\S+) \(pid (\d+)\)/.exec(line);
    if (m) out.set(`${m[1]}#${m[2]}`, Number(m[2]));
  }
  const watchdog = readLock(join(dataDir, "launcher.lock"))?.watchdogPid;
  if (watchdog) out.set("watchdog", watchdog);
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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

  it("a second start reuses DATA_DIR and a held DATA_DIR is refused; Redis and the worker are restarted, 503 + Retry-After meanwhile, no accepted task lost", async () => {
    const l = launch({ DATA_DIR: dataDir, PORT: String(await freePort()), GPU_RUNNER_ENABLED: "false" });
    running.push(l);
    const [, url] = await l.waitFor(/^\[switchyard\] ready: (http:\/\/\S+)/, 180_000);
    expect(l.lines).toContainEqual(expect.stringMatching(/^\[switchyard\] database .*: up to date$/));
    const r = new Redis({ path: join(dataDir, "redis", "redis.sock") });
    expect(await r.get("start-test:kept")).toBe("across restarts");
    r.disconnect();
    const pids = l.pids();
    expect(pids.has("gpu-runner")).toBe(false);

    // A second launcher on the same DATA_DIR says who holds it and touches nothing.
    const second = launch({ DATA_DIR: dataDir, PORT: String(await freePort()), GPU_RUNNER_ENABLED: "false" });
    running.push(second);
    expect(await second.exit).toEqual({ code: 1, signal: null });
    expect(second.lines.join("\n")).toContain(`is in use by another Switchyard launcher (pid ${l.proc.pid}`);
    for (const pid of pids.values()) expect(alive(pid)).toBe(true);

    const admin = { authorization: `Bearer ${readFileSync(join(dataDir, "admin-token"), "utf8").trim()}`, "content-type": "application/json" };
    const accepted: string[] = [];
    const refusals: Array<{ status: number; retryAfter: string | null; code: string; ms: number }> = [];
    let load = true;
    // Load: submissions one after another; every 202 is remembered, every refusal too.
    const submitter = (async () => {
      while (load) {
        const started = performance.now();
        try {
          const res = await fetch(`${url}/api/v1/tasks`, { method: "POST", headers: admin, body: JSON.stringify({ type: "diagnostic.noop", payload: {} }) });
          const body = (await res.json()) as { id?: string; error?: { code: string } };
          if (res.status === 202 && body.id) accepted.push(body.id);
          else refusals.push({ status: res.status, retryAfter: res.headers.get("retry-after"), code: body.error?.code ?? "", ms: performance.now() - started });
        } catch {
          await sleep(50);
        }
      }
    })();
    await vi.waitFor(() => expect(accepted.length).toBeGreaterThan(20), { timeout: 60_000, interval: 100 });

    // redis-server SIGKILLed under load: the API refuses at once with 503 + Retry-After (no hang).
    const acceptedBeforeKill = accepted.length;
    process.kill(pids.get("redis-server")!, "SIGKILL");
    await vi.waitFor(() => expect(refusals.length).toBeGreaterThan(0), { timeout: 30_000, interval: 50 });
    const first = refusals[0]!;
    expect(first).toMatchObject({ status: 503, code: "UNAVAILABLE" });
    expect(Number(first.retryAfter)).toBeGreaterThan(0);
    expect(first.ms).toBeLessThan(1_000);
    expect(refusals.every((x) => x.status === 503 && x.retryAfter !== null)).toBe(true);
    // The launcher restarts it (same socket and AOF) and submissions are accepted again.
    await l.waitFor(/^\[switchyard\] restarted redis-server \(pid \d+\)/, 60_000);
    const afterRestart = accepted.length;
    await vi.waitFor(() => expect(accepted.length).toBeGreaterThan(afterRestart + 10), { timeout: 60_000, interval: 100 });
    expect(accepted.length).toBeGreaterThan(acceptedBeforeKill);

    // The worker SIGKILLed under load: restarted with backoff; the web kept answering meanwhile.
    process.kill(pids.get("worker")!, "SIGKILL");
    await l.waitFor(/^\[switchyard\] worker exited unexpectedly \(signal SIGKILL\); restarting it in/, 30_000);
    const [, newWorker] = await l.waitFor(/^\[switchyard\] restarted worker \(pid (\d+)\)/, 60_000);
    expect(alive(Number(newWorker))).toBe(true);
    const afterWorker = accepted.length;
    await vi.waitFor(() => expect(accepted.length).toBeGreaterThan(afterWorker + 10), { timeout: 60_000, interval: 100 });
    load = false;
    await submitter;
    expect(alive(pids.get("web")!)).toBe(true); // never restarted

    // Every task that got a 202 completes: nothing acknowledged was lost to either kill.
    const pending = new Set(accepted);
    await vi.waitFor(
      async () => {
        for (const id of [...pending]) {
          const t = (await (await fetch(`${url}/api/v1/tasks/${id}`, { headers: admin })).json()) as { status?: string };
          if (t.status === "completed") pending.delete(id);
        }
        expect([...pending].slice(0, 5)).toEqual([]);
      },
      { timeout: 180_000, interval: 1_000 },
    );

    l.proc.kill("SIGTERM");
    expect(await l.exit).toEqual({ code: 0, signal: null });
    for (const [name, pid] of allPids(l, dataDir)) expect(alive(pid), `${name} still running`).toBe(false);
    expect(existsSync(join(dataDir, "launcher.lock"))).toBe(false);
  });

  for (const how of ["SIGHUP to its process group", "SIGKILL of the launcher"] as const) {
    it(`leaves no process of the platform 10 s after ${how}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "sy-start-orphans-"));
      try {
        const l = launch({ DATA_DIR: dir, PORT: String(await freePort()), GPU_RUNNER_PORT: String(await freePort()) }, { detached: true });
        running.push(l);
        await l.waitFor(/^\[switchyard\] ready: /, 180_000);
        const pids = allPids(l, dir);
        expect([...pids.keys()].map((k) => k.split("#")[0])).toEqual(expect.arrayContaining(["redis-server", "gpu-runner", "worker", "web", "watchdog"]));
        for (const pid of pids.values()) expect(alive(pid)).toBe(true);

        if (how === "SIGKILL of the launcher") l.proc.kill("SIGKILL");
        else process.kill(-l.proc.pid!, "SIGHUP"); // what closing the terminal sends
        await l.exit;
        await sleep(10_000);
        const left = [...pids].filter(([, pid]) => alive(pid)).map(([name, pid]) => `${name} (pid ${pid})`);
        expect(left).toEqual([]);
        // The DATA_DIR is free again: its lock was removed by whoever stopped the platform.
        expect(existsSync(join(dir, "launcher.lock"))).toBe(false);
        if (how === "SIGKILL of the launcher") {
          expect(readFileSync(join(dir, "launcher-watchdog.log"), "utf8")).toMatch(/is gone without stopping the platform[\s\S]*done/);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

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
