/**
 * GPU-runner benchmark (`npm run bench -- gpu`), all in one run on this machine:
 *  (a) offline: the USE-lite ONNX model run directly (no HTTP, no queue) at batch sizes
 *      1, 8, 16, 32, 64 on short (~12-token) sentences, in two arrangements: one session with
 *      ONNX Runtime's default threads, and the runner's CPU arrangement (one single-threaded
 *      session per core, side by side); the best of all is the model's limit here;
 *  (b) server: the runner as its own process (`src/main.ts`), driven over HTTP by 1, 8 and 64
 *      concurrent keep-alive clients, one sentence per request, short (~12 tokens) and long
 *      (128 tokens after the cap) inputs, with batching on and off (GPU_RUNNER_MAX_BATCH=1).
 * Prints sentences/s and p50/p99 per case, then ONE JSON line (last):
 *   {"offline_best_per_s","server_64_per_s","ratio_to_offline","batching_gain",...}
 * ratio_to_offline = server at 64 clients (short, batching on) / offline best (both arrangements);
 * batching_gain = batching on / off at 64 clients (short).
 * Options: --duration S (per case, default 4), --offline-duration S (per batch size, default 3),
 *   --format base64|float (default base64, what the openai client asks for), --quick,
 *   --only on:short:64,... and --skip-offline (tuning aids; the full run is the reference).
 * Runner knobs (GPU_RUNNER_*) in the environment apply to both the offline session and the server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { configFromEnv } from "../apps/gpu-runner/src/env.js";
import { exportUseLite, USE_LITE_ID } from "../apps/gpu-runner/src/export/export-use-lite.js";
import { createSession, runSession } from "../apps/gpu-runner/src/engine/ort-session.js";
import { WorkerSessionHost } from "../apps/gpu-runner/src/engine/session-host.js";
import { SentencePieceUnigramTokenizer } from "../apps/gpu-runner/src/tokenizers/sentencepiece-unigram.js";
import { freePort } from "../test-support/free-port.js";
import { runLoad } from "./gpu-load.js";
import { cpuSeconds, threadCpuSeconds, threadCpuSince } from "./proc-cpu.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "4" },
    "offline-duration": { type: "string", default: "3" },
    format: { type: "string", default: "base64" },
    quick: { type: "boolean", default: false },
    /** Tuning aid: only these cases, e.g. "on:short:64,off:short:64" (the summary then covers what ran). */
    only: { type: "string" },
    "skip-offline": { type: "boolean", default: false },
  },
});
const QUICK = values.quick === true;
const CASE_MS = Number(values.duration) * 1000 * (QUICK ? 0.5 : 1);
const OFFLINE_MS = Number(values["offline-duration"]) * 1000 * (QUICK ? 0.5 : 1);
const WARMUP_MS = QUICK ? 500 : 1000;
const FORMAT = values.format === "float" ? "float" : "base64";
const KEY = "bench-key";

const SHORT = [
  "The weather today is sunny with a light breeze.",
  "Please restart the worker after the deploy finishes.",
  "Our team shipped the new dashboard last Friday.",
  "How many tasks are waiting in the embed queue?",
  "The invoice was paid two days after the deadline.",
  "She reads a chapter of her novel every night.",
  "Redis keeps the queue state for every worker pool.",
  "The train to Zurich leaves at half past seven.",
  "A small dog barked at the delivery van outside.",
  "Check the logs before you retry the failed job.",
  "The museum opens its new exhibition next month.",
  "He forgot his umbrella at the coffee shop again.",
  "The GPU runner batches requests to raise throughput.",
  "Fresh bread smells wonderful early in the morning.",
  "Our quarterly report shows steady revenue growth.",
  "The children built a sandcastle near the water.",
  "Scale the scrape pool when the backlog keeps growing.",
  "Heavy rain delayed the football match by an hour.",
  "This recipe needs two eggs and a cup of flour.",
  "The server returned an error for the last request.",
];
/** 12 short sentences in a rotating order: about 150 tokens, capped at 128 by the model. */
const LONG = SHORT.map((_, i) => Array.from({ length: 12 }, (_, j) => SHORT[(i + j * 7) % SHORT.length]).join(" "));

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const env = configFromEnv(process.env);
const modelDir = join(env.modelsDir, USE_LITE_ID);

type Feeds = Record<string, { type: "int64"; dims: number[]; data: BigInt64Array }>;

function feedsFor(rows: number[][], bs: number, offset: number): Feeds {
  const batch = Array.from({ length: bs }, (_, i) => rows[(offset + i) % rows.length] ?? []);
  let n = 0;
  for (const r of batch) n += r.length;
  const indices = new BigInt64Array(n * 2);
  const vals = new BigInt64Array(n);
  let k = 0;
  batch.forEach((r, i) =>
    r.forEach((v, j) => {
      indices[2 * k] = BigInt(i);
      indices[2 * k + 1] = BigInt(j);
      vals[k++] = BigInt(v);
    }),
  );
  return { indices: { type: "int64", dims: [n, 2], data: indices }, values: { type: "int64", dims: [n], data: vals } };
}

const BATCH_SIZES = [1, 8, 16, 32, 64];

/** One session, ONNX Runtime's default intra-op threads (one per core), runs on this thread. */
async function offlineSingle(rows: number[][]): Promise<Record<number, number>> {
  const { session } = await createSession(join(modelDir, "model.onnx"), "cpu", { intraOpThreads: 0, allowSpinning: env.allowSpinning, cudaDeviceId: 0 });
  console.log(`offline A: one session, intra-op threads = ORT default (${availableParallelism()} cores), direct runs`);
  const out: Record<number, number> = {};
  for (const bs of BATCH_SIZES) {
    const feeds = Array.from({ length: 8 }, (_, i) => feedsFor(rows, bs, i * 3));
    for (let i = 0; i < 5; i++) await runSession(session, feeds[i % feeds.length] as Feeds);
    let n = 0;
    let i = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < OFFLINE_MS) {
      await runSession(session, feeds[i++ % feeds.length] as Feeds);
      n += bs;
    }
    out[bs] = Math.round((n * 1000) / (performance.now() - t0));
    console.log(`  batch ${String(bs).padStart(2)}: ${out[bs]} sentences/s`);
  }
  await session.release();
  return out;
}

/**
 * The runner's own CPU arrangement without HTTP: one single-threaded session per core, each
 * on its own thread, all running batches at once.
 */
async function offlineReplicas(rows: number[][], replicas: number): Promise<Record<number, number>> {
  const hosts = Array.from({ length: replicas }, () => new WorkerSessionHost());
  await Promise.all(hosts.map((h) => h.load("m", join(modelDir, "model.onnx"), "cpu", { intraOpThreads: 1, allowSpinning: false, cudaDeviceId: 0 })));
  console.log(`offline B: ${replicas} session replicas × 1 intra-op thread, each on its own thread, direct runs side by side`);
  const out: Record<number, number> = {};
  for (const bs of BATCH_SIZES) {
    for (const h of hosts) for (let i = 0; i < 3; i++) await h.run("m", feedsFor(rows, bs, i));
    let n = 0;
    const t0 = performance.now();
    await Promise.all(
      hosts.map(async (h, hi) => {
        let i = hi * 5;
        while (performance.now() - t0 < OFFLINE_MS) {
          await h.run("m", feedsFor(rows, bs, i++ * 3));
          n += bs;
        }
      }),
    );
    out[bs] = Math.round((n * 1000) / (performance.now() - t0));
    console.log(`  batch ${String(bs).padStart(2)}: ${out[bs]} sentences/s`);
  }
  await Promise.all(hosts.map((h) => h.close()));
  return out;
}

async function startServer(extraEnv: Record<string, string>): Promise<{ url: URL; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...(process.env["BENCH_PROF"] ? ["--cpu-prof", "--cpu-prof-dir=/tmp/gprof"] : []), "--import", "tsx", join(root, "apps/gpu-runner/src/main.ts")], {
    env: { ...process.env, GPU_RUNNER_PORT: String(port), GPU_RUNNER_HOST: "127.0.0.1", GPU_RUNNER_KEYS: KEY, LOG_LEVEL: "warn", ...extraEnv },
    stdio: ["ignore", "inherit", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = new URL(`http://127.0.0.1:${port}`);
  const t0 = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`runner exited (${proc.exitCode}): ${stderr.slice(-2000)}`);
    const ok = await new Promise<boolean>((resolve) => {
      http.get(new URL("/health", url), (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on("error", () => resolve(false));
    });
    if (ok) break;
    if (Date.now() - t0 > 60_000) throw new Error("runner did not become healthy in 60 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, proc };
}

async function stopServer(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  proc.kill("SIGTERM");
  await exited;
}

interface CaseResult {
  batching: "on" | "off";
  input: "short" | "long";
  clients: number;
  per_s: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  errors: number;
  /** Cores in use during the measured window: the runner (and its busiest threads), the load generator. */
  cpu_cores: { runner: number; load_generator: number; runner_threads: number[] };
}

async function runCase(url: URL, clients: number, texts: string[], pid: number | undefined): Promise<Omit<CaseResult, "batching" | "input" | "clients">> {
  let cpu0 = { runner: 0, bench: 0, threads: new Map<string, number>() };
  let cpu = { runner: 0, bench: 0, threads: [] as number[] };
  const r = await runLoad({
    onWindow: (phase) => {
      if (phase === "start") cpu0 = { runner: cpuSeconds(pid), bench: cpuSeconds(process.pid), threads: threadCpuSeconds(pid) };
      else {
        cpu = {
          runner: cpuSeconds(pid) - cpu0.runner,
          bench: cpuSeconds(process.pid) - cpu0.bench,
          threads: threadCpuSince(pid, cpu0.threads, 0.05),
        };
      }
    },
    host: url.hostname,
    port: Number(url.port),
    path: "/v1/embeddings",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${KEY}` },
    bodies: texts.map((t) => Buffer.from(JSON.stringify({ input: t, model: USE_LITE_ID, encoding_format: FORMAT }))),
    clients,
    warmupMs: WARMUP_MS,
    durationMs: CASE_MS,
    check: (body) => {
      const parsed = JSON.parse(body.toString("utf8")) as { data: Array<{ embedding: string | number[] }> };
      const emb = parsed.data[0]?.embedding;
      const dim = typeof emb === "string" ? Buffer.from(emb, "base64").length / 4 : emb?.length;
      if (dim !== 512) throw new Error(`unexpected embedding dimension ${String(dim)}`);
    },
  });
  const lat = r.latencies;
  const secs = r.elapsedMs / 1000;
  const share = (c: number) => Math.round((c / secs) * 100) / 100;
  return {
    cpu_cores: { runner: share(cpu.runner), load_generator: share(cpu.bench), runner_threads: cpu.threads.map(share) },
    per_s: Math.round((lat.length * 1000) / r.elapsedMs),
    p50_ms: Math.round(pct(lat, 50) * 10) / 10,
    p99_ms: Math.round(pct(lat, 99) * 10) / 10,
    requests: lat.length,
    errors: r.errors,
  };
}

async function main(): Promise<void> {
  const [load1] = loadavg();
  console.log(`machine: ${availableParallelism()} cores, load average ${load1?.toFixed(2)} before the run (other processes on these cores skew every figure below)`);
  const exported = await exportUseLite({ outDir: modelDir });
  console.log(`model: ${exported.dir} (${exported.skipped ? "up to date" : "exported now"})`);
  const vocab = (JSON.parse(readFileSync(join(modelDir, "vocab.json"), "utf8")) as Array<[string, number | null]>).map(
    ([p, s]) => [p, s ?? 0] as const,
  );
  const tok = new SentencePieceUnigramTokenizer(vocab, { maxTokens: 128 });
  const avg = (xs: string[]) => xs.reduce((s, t) => s + tok.encode(t).ids.length, 0) / xs.length;
  console.log(`inputs: short ${avg(SHORT).toFixed(1)} tokens on average, long ${avg(LONG).toFixed(1)} tokens (after the 128 cap); response encoding ${FORMAT}`);

  const rows = SHORT.map((t) => tok.encode(t).ids);
  const replicas = env.sessionReplicas > 0 ? env.sessionReplicas : availableParallelism();
  const offlineA = values["skip-offline"] ? {} : await offlineSingle(rows);
  const offlineB = values["skip-offline"] || replicas < 2 ? {} : await offlineReplicas(rows, replicas);
  const bestA = Math.max(0, ...Object.values(offlineA));
  const bestB = Math.max(0, ...Object.values(offlineB));
  const offlineBest = Math.max(bestA, bestB);
  const only = values.only ? new Set(values.only.split(",").map((s) => s.trim())) : null;
  const wanted = (b: string, i: string, c: number) => !only || only.has(`${b}:${i}:${c}`);

  const cases: CaseResult[] = [];
  for (const batching of ["on", "off"] as const) {
    if (only && ![...only].some((o) => o.startsWith(`${batching}:`))) continue;
    const { url, proc } = await startServer(batching === "off" ? { GPU_RUNNER_MAX_BATCH: "1" } : {});
    try {
      console.log(`server, batching ${batching}${batching === "off" ? " (GPU_RUNNER_MAX_BATCH=1)" : ""}:`);
      for (const input of ["short", "long"] as const) {
        for (const clients of [1, 8, 64]) {
          if (!wanted(batching, input, clients)) continue;
          const r = await runCase(url, clients, input === "short" ? SHORT : LONG, proc.pid);
          cases.push({ batching, input, clients, ...r });
          console.log(
            `  ${input.padEnd(5)} ${String(clients).padStart(2)} clients: ${String(r.per_s).padStart(5)} sentences/s  p50 ${r.p50_ms} ms  p99 ${r.p99_ms} ms${r.errors ? `  errors ${r.errors}` : ""}  cores: runner ${r.cpu_cores.runner} [${r.cpu_cores.runner_threads.join(" ")}], load ${r.cpu_cores.load_generator}`,
          );
        }
      }
    } finally {
      await stopServer(proc);
    }
  }
  const find = (b: "on" | "off", i: "short" | "long", c: number) => cases.find((x) => x.batching === b && x.input === i && x.clients === c);
  const on64 = find("on", "short", 64)?.per_s ?? 0;
  const off64 = find("off", "short", 64)?.per_s ?? 0;
  const summary = {
    offline_best_per_s: offlineBest,
    offline_single_session_best_per_s: bestA,
    offline_replicas_best_per_s: bestB,
    offline_by_batch: { single_session: offlineA, replicas: offlineB },
    server_64_per_s: on64,
    server_64_batching_off_per_s: off64,
    ratio_to_offline: offlineBest > 0 ? Math.round((on64 / offlineBest) * 1000) / 1000 : null,
    ratio_to_single_session_offline: bestA > 0 ? Math.round((on64 / bestA) * 1000) / 1000 : null,
    batching_gain: off64 > 0 ? Math.round((on64 / off64) * 1000) / 1000 : null,
    server_64_long_per_s: find("on", "long", 64)?.per_s ?? 0,
    format: FORMAT,
    load_average_before: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    cases,
  };
  console.log(JSON.stringify(summary));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
