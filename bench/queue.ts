/**
 * Queue benchmark: N no-op tasks through the whole platform path (REST bulk submission
 * to the web process, a worker process, batched history in SQLite) against raw BullMQ
 * (addBulk + one Worker at the same total concurrency), on the same redis-server.
 * Usage: npm run bench -- queue [--n 20000] [--concurrency 50] [--rounds 3] [--warmup 4000]
 * Rounds alternate the two paths and each keeps its best, so a slow spell of a shared VM hits both.
 * Both paths first run --warmup tasks untimed (JIT-compiled code, as in a long-running service).
 * Redis listens on a unix socket, as under `npm start` (BENCH_REDIS=tcp: 127.0.0.1 instead).
 * Diagnostics: BENCH_PROF=1 writes CPU profiles of web and worker to /tmp/prof, BENCH_THREADS=1
 * prints CPU per thread, BENCH_TOP=N lists N Redis commands, BENCH_NODE_ARGS adds node flags,
 * BENCH_PATHS=raw|platform runs one path only, BENCH_DRAIN=1 times the workers alone (tasks queued
 * first, to a paused queue). Syscalls and context switches per task are printed too.
 * BENCH_TRACING=1: web and worker trace (OpenTelemetry) at the default sampling, or BENCH_TRACING_RATIO,
 * exporting OTLP/HTTP to a receiver in this process that only drains and counts what it is sent.
 * Prints per-run figures, then one JSON line: {"platform_per_s","raw_bullmq_per_s","ratio",...}.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { Queue, Worker } from "bullmq";
import { createRedis, closeRedis } from "@switchyard/queue";
import { APP_NODE_FLAGS } from "../scripts/lib/app-node-flags.js";
import { freePort } from "../test-support/free-port.js";
import { startTestRedis } from "../test-support/redis.js";
import { cpuSeconds, syscallCounts, threadCpuSeconds, threadCpuSince, type SyscallCounts } from "./proc-cpu.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    n: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "50" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "4000" },
  },
});
const N = Number(values.n);
const C = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
/** Tasks sent through each path before timing, so both measure warm (JIT-compiled) code, as a long-running service runs. */
const WARMUP = Number(values.warmup);
const BULK = 1_000;
/** Diagnostics: BENCH_PATHS=raw or platform runs one path only (e.g. to profile redis-server under one). */
const PATHS = new Set((process.env["BENCH_PATHS"] ?? "raw,platform").split(","));
const TRACING = process.env["BENCH_TRACING"] === "1";
/**
 * Diagnostics: BENCH_DRAIN=1 adds (or submits) all N tasks to a paused queue first and times only
 * the workers draining it, to tell the workers' cost from the contention of submitting meanwhile.
 */
const DRAIN = process.env["BENCH_DRAIN"] === "1";
/** Set by main() when TRACING: the processes' tracing variables. */
let tracingEnv: Record<string, string> = {};

async function rawBullmq(redisUrl: string, prefix: string, redisPid: number | undefined): Promise<number> {
  const connection = createRedis(redisUrl, "bench:raw");
  const queue = new Queue("raw", { connection, prefix });
  let done = 0;
  let target = N;
  let resolveWarm: () => void = () => undefined;
  const warm = new Promise<void>((r) => (resolveWarm = r));
  let resolveDone: () => void = () => undefined;
  const finished = new Promise<void>((r) => (resolveDone = r));
  // BullMQ does not close a connection it was handed: kept to close it below, or its
  // reconnect attempts after redis stops would keep the bench from exiting.
  const workerConnection = createRedis(redisUrl, "bench:raw-worker");
  const worker = new Worker("raw", async () => ({ ok: true }), {
    connection: workerConnection,
    prefix,
    concurrency: C,
    autorun: false,
  });
  worker.on("completed", () => {
    if (++done !== target) return;
    if (target === N) resolveDone();
    else resolveWarm();
  });
  await worker.waitUntilReady();
  void worker.run();
  const addAll = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i += BULK) {
      const n = Math.min(BULK, count - i);
      await queue.addBulk(Array.from({ length: n }, () => ({ name: "noop", data: {}, opts: { priority: 3 } })));
    }
  };
  if (WARMUP > 0) {
    target = WARMUP;
    await addAll(WARMUP);
    await warm;
    done = 0;
  }
  target = N;
  if (DRAIN) {
    await queue.pause();
    await addAll(N);
  }
  const stats0 = await commandStats(redisUrl);
  const c0 = [cpuSeconds(process.pid), cpuSeconds(redisPid)];
  const s0 = { "bench+worker": syscallCounts(process.pid), redis: syscallCounts(redisPid) };
  const t0 = performance.now();
  if (DRAIN) await queue.resume();
  else await addAll(N);
  await finished;
  const seconds = (performance.now() - t0) / 1_000;
  console.log(
    `  raw ${seconds.toFixed(2)}s wall; cpu: bench+worker ${(cpuSeconds(process.pid) - (c0[0] ?? 0)).toFixed(2)}s, redis ${(cpuSeconds(redisPid) - (c0[1] ?? 0)).toFixed(2)}s`,
  );
  console.log(`  raw syscalls per task: ${syscallsPerTask(s0, { "bench+worker": process.pid, redis: redisPid })}`);
  printCommandStats("raw", stats0, await commandStats(redisUrl));
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await closeRedis(connection);
  await closeRedis(workerConnection);
  return N / seconds;
}

function spawnTs(file: string, env: Record<string, string>, name: string): ChildProcess {
  const child = spawn(process.execPath, [...APP_NODE_FLAGS, ...(process.env["BENCH_NODE_ARGS"]?.split(" ").filter(Boolean) ?? []), ...(process.env["BENCH_PROF"] ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []), "--import", "tsx", join(root, file)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  return child;
}

type CommandStats = Map<string, { calls: number; usec: number }>;

/** Redis's per-command counters (INFO commandstats), to see which commands a run added. */
async function commandStats(redisUrl: string): Promise<CommandStats> {
  const probe = createRedis(redisUrl, "bench:stats");
  try {
    const info = await probe.info("commandstats");
    const stats: CommandStats = new Map();
    for (const [, name = "", calls = "0", usec = "0"] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      stats.set(name, { calls: Number(calls), usec: Number(usec) });
    }
    return stats;
  } finally {
    await closeRedis(probe);
  }
}

/** Diagnostics only: the commands a run sent, per task, with Redis's own time for them. */
function printCommandStats(label: string, before: CommandStats, after: CommandStats): void {
  const rows = [...after]
    .map(([name, a]) => {
      const b = before.get(name) ?? { calls: 0, usec: 0 };
      return { name, calls: a.calls - b.calls, usec: a.usec - b.usec };
    })
    .filter((r) => r.calls > 0)
    .sort((x, y) => y.usec - x.usec);
  const total = rows.reduce((sum, r) => sum + r.usec, 0);
  const top = rows.slice(0, Number(process.env["BENCH_TOP"] ?? 8)).map((r) => `${r.name} ${(r.calls / N).toFixed(2)}/task ${(r.usec / 1e6).toFixed(2)}s`);
  console.log(`  ${label} redis commands: ${(rows.reduce((sum, r) => sum + r.calls, 0) / N).toFixed(1)}/task, ${(total / 1e6).toFixed(2)}s in commands; ${top.join(", ")}`);
}

/** Reads/writes/context switches per task of each process since `before` (see syscallCounts). */
function syscallsPerTask(before: Record<string, SyscallCounts>, pids: Record<string, number | undefined>): string {
  return Object.entries(pids)
    .map(([k, pid]) => {
      const a = syscallCounts(pid);
      const b = before[k] ?? { reads: 0, writes: 0, switches: 0 };
      const per = (x: number): string => (x / N).toFixed(2);
      return `${k} r ${per(a.reads - b.reads)} w ${per(a.writes - b.writes)} cs ${per(a.switches - b.switches)}`;
    })
    .join(", ");
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 50): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

async function platform(redisUrl: string, prefix: string, dataDir: string, redisPid: number | undefined): Promise<number> {
  const databaseUrl = `file:${join(dataDir, `${prefix}.db`)}`;
  const port = await freePort();
  const common = { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, DATA_DIR: dataDir, LOG_LEVEL: "warn", ...tracingEnv };
  const web = spawnTs("apps/web/server/main.ts", { ...common, PORT: String(port), SERVE_UI: "false" }, "web");
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/api/v1/health`)).status > 0, 60_000, "web");
  const worker = spawnTs(
    "apps/worker/src/main.ts",
    // Prometheus task metrics on, as in production (the web's /metrics reads Redis only when scraped).
    { ...common, WORKER_POOLS: "batch", WORKER_CONCURRENCY: String(C), WORKER_METRICS_PORT: String(await freePort()) },
    "worker",
  );
  await waitFor(async () => (await fetch(`${base}/api/v1/health`)).status === 200, 60_000, "worker heartbeat");
  const token = readFileSync(join(dataDir, "admin-token"), "utf8").trim();
  const body = JSON.stringify({ tasks: Array.from({ length: BULK }, () => ({ type: "diagnostic.noop", payload: {} })) });
  /** Ids of the last bulk request answered: the tasks most likely to complete last. */
  let lastIds: string[] = [];
  const submitAll = async (count: number): Promise<void> => {
    const requests = Math.ceil(count / BULK);
    let next = 0;
    const submitter = async (): Promise<void> => {
      while (next < requests) {
        next++;
        const res = await fetch(`${base}/api/v1/tasks/bulk`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
        });
        if (res.status !== 202) throw new Error(`bulk submit answered ${res.status}: ${await res.text()}`);
        lastIds = ((await res.json()) as { ids: string[] }).ids;
      }
    };
    await Promise.all([submitter(), submitter()]);
  };
  // A read-only connection (WAL readers never block writers). Counting every completed row
  // every 10 ms cost the bench process about 10% of a core, taken from the platform under test;
  // so the poll first checks only the last request's tasks (a primary-key lookup each) and
  // counts everything once those are done. The end is still seen within about 10 ms.
  const reader = new BetterSqlite3(databaseUrl.slice("file:".length), { readonly: true });
  const countCompleted = reader.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "tasks" WHERE "status" = 'completed'`);
  const tailDone = reader.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM "tasks" WHERE "status" = 'completed' AND "id" IN (SELECT value FROM json_each(?))`,
  );
  const completed = async (): Promise<number> => countCompleted.get()?.n ?? 0;
  const allCompleted = async (target: number): Promise<boolean> => {
    const tail = lastIds.slice(-100);
    if ((tailDone.get(JSON.stringify(tail))?.n ?? 0) < tail.length) return false;
    return (await completed()) >= target;
  };
  try {
    const warmTasks = Math.ceil(WARMUP / BULK) * BULK;
    if (warmTasks > 0) {
      await submitAll(warmTasks);
      await waitFor(async () => (await completed()) >= warmTasks, 600_000, "warm-up");
    }
    const pauseConnection = DRAIN ? createRedis(redisUrl, "bench:pause") : null;
    const paused = pauseConnection ? new Queue("{batch}", { connection: pauseConnection, prefix }) : null;
    if (paused) {
      await paused.pause();
      await submitAll(N);
    }
    const pids = { web: web.pid, worker: worker.pid, bench: process.pid, redis: redisPid };
    const stats0 = await commandStats(redisUrl);
    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
    const threads0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, threadCpuSeconds(pid)]));
    const sys0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, syscallCounts(pid)]));
    const t0 = performance.now();
    if (paused) await paused.resume();
    else await submitAll(N);
    const submittedAt = (performance.now() - t0) / 1_000;
    const doneAtSubmit = (await completed()) - warmTasks;
    const pollCpu0 = process.cpuUsage();
    // Done when every task is recorded as completed in the history database.
    await waitFor(() => allCompleted(warmTasks + N), 600_000, "history", 10);
    const seconds = (performance.now() - t0) / 1_000;
    const pollCpu = process.cpuUsage(pollCpu0);
    if (paused && pauseConnection) {
      await paused.close();
      await closeRedis(pauseConnection);
    }
    const cpu = Object.entries(pids).map(([k, pid]) => `${k} ${(cpuSeconds(pid) - (cpu0[k] ?? 0)).toFixed(2)}s`);
    console.log(`  platform ${seconds.toFixed(2)}s wall (all submitted after ${submittedAt.toFixed(2)}s, ${doneAtSubmit} done by then); cpu: ${cpu.join(", ")}`);
    console.log(`  bench cpu while waiting for history: ${((pollCpu.user + pollCpu.system) / 1e6).toFixed(3)}s`);
    console.log(`  platform syscalls per task: ${syscallsPerTask(sys0, pids)}`);
    if (process.env["BENCH_THREADS"]) {
      for (const [k, pid] of Object.entries(pids)) {
        console.log(`   threads ${k}: ${threadCpuSince(pid, threads0[k] ?? new Map(), 0.02).map((c) => c.toFixed(2)).join(" ")}`);
      }
    }
    printCommandStats("platform", stats0, await commandStats(redisUrl));
    return N / seconds;
  } finally {
    reader.close();
    await stop(worker);
    await stop(web);
  }
}

async function main(): Promise<void> {
  // A unix socket, as `npm start` runs its redis-server; BENCH_REDIS=tcp compares over 127.0.0.1.
  const redis = await startTestRedis({ unixSocket: process.env["BENCH_REDIS"] !== "tcp" });
  const dataDir = mkdtempSync(join(tmpdir(), "sy-bench-"));
  const receiver = TRACING ? await startSpanSink() : null;
  if (receiver) {
    tracingEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...(process.env["BENCH_TRACING_RATIO"] ? { OTEL_TRACES_SAMPLER_RATIO: process.env["BENCH_TRACING_RATIO"] } : {}) };
  }
  const raw: number[] = [];
  const plat: number[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const rawRate = PATHS.has("raw") ? await rawBullmq(redis.url, `bench-raw-${r}`, redis.pid) : NaN;
      raw.push(rawRate);
      console.log(`round ${r + 1}: raw BullMQ ${rawRate.toFixed(0)} tasks/s`);
      // Each platform round gets a fresh data dir (new database, new admin token).
      const dir = mkdtempSync(join(dataDir, `p${r}-`));
      const platRate = PATHS.has("platform") ? await platform(redis.url, `bench-platform-${r}`, dir, redis.pid) : NaN;
      plat.push(platRate);
      console.log(`round ${r + 1}: platform ${platRate.toFixed(0)} tasks/s (REST bulk + worker + history)`);
      const probe = createRedis(redis.url, "bench:cleanup");
      for (const key of await probe.keys(`bench-platform-${r}:*`)) await probe.del(key);
      await closeRedis(probe);
    }
  } finally {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (receiver) {
      console.log(`tracing: ${receiver.requests} OTLP exports received, ${(receiver.bytes / 1e6).toFixed(1)} MB`);
      await receiver.close();
    }
  }
  const best = (xs: number[]): number => Math.max(...xs);
  const result = {
    n: N,
    concurrency: C,
    rounds: ROUNDS,
    platform_per_s: Math.round(best(plat)),
    raw_bullmq_per_s: Math.round(best(raw)),
    ratio: Number((best(plat) / best(raw)).toFixed(3)),
    tracing: TRACING ? Number(process.env["BENCH_TRACING_RATIO"] ?? "0.1") : "off",
    // BENCH_DRAIN figures time the workers alone; they are not the ratio the standard asks for.
    ...(DRAIN ? { drain_only: true } : {}),
  };
  console.log(JSON.stringify(result));
}

/** An OTLP/HTTP endpoint on 127.0.0.1 that accepts every export and keeps only counts. */
async function startSpanSink(): Promise<{ url: string; requests: number; bytes: number; close(): Promise<void> }> {
  const sink = { url: "", requests: 0, bytes: 0, close: async () => undefined as void };
  const server = createServer((req, res) => {
    req.on("data", (chunk: Buffer) => (sink.bytes += chunk.length));
    req.on("end", () => {
      sink.requests++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((r) => server.close(() => r()));
  return sink;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
