/**
 * What the rag and ingest benchmarks share: a private redis-server, Chroma and GPU runner, the
 * whole platform in this process (web server + a worker serving the rag and ingest pools), and
 * the direct in-process RAG path over the same Chroma and runner as the reference.
 */
import { inspect } from "node:util";
import { useLiteTokenCounter } from "@switchyard/ai";
import { createChromaStore, type RagDeps } from "@switchyard/rag";
import { startTestChroma, type TestChroma } from "../test-support/chroma.js";
import { startTestEmbeddingRunner, type TestEmbeddingRunner } from "../test-support/embedding-runner.js";
import { startTestPlatform, type TestPlatform } from "../test-support/platform-harness.js";
import { startTestRedis, type TestRedis } from "../test-support/redis.js";

export interface RagBed {
  redis: TestRedis;
  chroma: TestChroma;
  runner: TestEmbeddingRunner;
  platform: TestPlatform;
  deps: RagDeps;
  close(): Promise<void>;
}

export async function startRagBed(): Promise<RagBed> {
  const [redis, chroma, runner] = await Promise.all([startTestRedis(), startTestChroma(), startTestEmbeddingRunner()]);
  const deps: RagDeps = {
    store: createChromaStore({ url: chroma.url }),
    embed: async (texts, signal) => (await runner.client.embed(texts, { signal })).embeddings,
    tokens: useLiteTokenCounter(),
    chat: null,
    fetchPage: null,
  };
  const platform = await startTestPlatform({ redisUrl: redis.url, chromaUrl: chroma.url, rateLimit: { requests: 0, windowSeconds: 10 } });
  await platform.startWorker({ poolNames: ["rag", "ingest"], rag: deps });
  return {
    redis,
    chroma,
    runner,
    platform,
    deps,
    async close() {
      await platform.close();
      await runner.close();
      await chroma.stop();
      await redis.stop();
    },
  };
}

/** Percentiles (nearest rank) of latencies in ms, rounded to 0.1 ms. */
export function summary(ms: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0) * 10) / 10;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

/** Runs `count` calls over `clients` concurrent loops; answers each call's latency in ms. */
export async function closedLoop(count: number, clients: number, call: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await call(i);
        out.push(performance.now() - t0);
      }
    }),
  );
  return out;
}

export function log(line: string, value?: unknown): void {
  process.stderr.write(`${line}${value === undefined ? "" : ` ${inspect(value, { depth: 4, breakLength: 200 })}`}\n`);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS = (
  "harbour crane ship cargo container river bridge tower lamp signal engine valve pump turbine wheel gear shaft " +
  "bread flour yeast oven crust dough salt water sugar honey bee hive queen flower nectar pollen wax comb " +
  "volcano magma lava ash crater rock stone mountain valley glacier ice snow rain cloud storm wind thunder " +
  "queue worker task job priority retry timeout pool batch stream event socket server client token key " +
  "forest tree leaf root branch seed fruit garden soil insect bird nest feather song morning evening night " +
  "city street market square station train track platform ticket passenger journey map compass north south"
).split(" ");
const VERBS = "moves holds carries turns lifts feeds warms cools guards opens closes follows measures reaches builds keeps".split(" ");

/** A sentence of random words (with a serial number, so every sentence is distinct). */
export function sentence(r: () => number, serial: number): string {
  const pick = (list: string[]): string => list[Math.floor(r() * list.length)] ?? "";
  const words = Array.from({ length: 6 + Math.floor(r() * 6) }, () => pick(WORDS));
  return `The ${words[0]} ${pick(VERBS)} the ${words.slice(1).join(" ")} near marker ${serial}.`;
}
