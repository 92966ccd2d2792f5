import { stat } from "node:fs/promises";
import type { TaskHandler } from "@switchyard/queue";
import type { TaskResult } from "@switchyard/shared";

type Result = TaskResult<"maintenance.health-sweep">;
type Finding = Result["findings"][number];

const MIB = 1_048_576;

export interface HealthSweepOptions {
  /** Redis as the worker reaches it (an ioredis client answers INFO). */
  redis: { info(section: "memory"): Promise<string> };
  /** The database's size in bytes; null or absent: not measured from this process. */
  databaseBytes?: (() => Promise<number | null>) | null;
  /** Chroma's heartbeat URL (…/api/v2/heartbeat); absent: skipped. */
  chromaUrl?: string | null;
  /** The GPU runner's health URL (…/health); absent: skipped. */
  gpuRunnerUrl?: string | null;
  /** Per HTTP check (default 5 s). */
  httpTimeoutMs?: number;
  now?: () => Date;
}

/**
 * maintenance.health-sweep: reads the state of what the platform depends on and answers it as
 * findings, so the sweep's history is a record of the platform's health over time. A check that
 * fails is a finding, not a failed task: the sweep only fails when it cannot record anything.
 * The HTTP checks bypass the circuit breakers on purpose: an open breaker would defer the sweep,
 * and "Chroma is down" is exactly what it is there to write down.
 */
export function createHealthSweepHandler(options: HealthSweepOptions): TaskHandler<"maintenance.health-sweep"> {
  return async ({ payload, signal, progress }) => {
    const findings: Finding[] = [];
    findings.push(await redisMemory(options.redis, payload.redisMemoryWarnPercent));
    findings.push(await databaseSize(options.databaseBytes ?? null, payload.databaseWarnMiB * MIB));
    await progress({ percent: 50, message: "redis and database checked" });
    const timeoutMs = options.httpTimeoutMs ?? 5_000;
    findings.push(await httpCheck("chroma", options.chromaUrl ?? null, timeoutMs, signal));
    findings.push(await httpCheck("gpu-runner", options.gpuRunnerUrl ?? null, timeoutMs, signal));
    await progress({ percent: 100, message: "dependencies checked" });
    return { checkedAt: (options.now?.() ?? new Date()).toISOString(), status: worst(findings), findings };
  };
}

function worst(findings: readonly Finding[]): Result["status"] {
  if (findings.some((f) => f.status === "fail")) return "fail";
  if (findings.some((f) => f.status === "warn")) return "warn";
  return "ok";
}

/** One field of an INFO answer ("name:value" lines). */
function infoField(info: string, name: string): number | null {
  const m = new RegExp(`^${name}:(\\d+)\\r?$`, "m").exec(info);
  return m?.[1] !== undefined ? Number(m[1]) : null;
}

async function redisMemory(redis: HealthSweepOptions["redis"], warnPercent: number): Promise<Finding> {
  let info: string;
  try {
    info = await redis.info("memory");
  } catch (err) {
    return { check: "redis-memory", status: "fail", message: `INFO memory failed: ${errorText(err)}`, value: null, limit: null };
  }
  const used = infoField(info, "used_memory");
  const max = infoField(info, "maxmemory");
  if (used === null) return { check: "redis-memory", status: "fail", message: "INFO memory has no used_memory", value: null, limit: null };
  // maxmemory 0 means no limit: then only the host's memory bounds Redis, which we cannot judge here.
  if (!max) return { check: "redis-memory", status: "ok", message: `${mib(used)} used, no maxmemory set`, value: used, limit: null };
  const percent = (used / max) * 100;
  return {
    check: "redis-memory",
    status: percent >= warnPercent ? "warn" : "ok",
    message: `${mib(used)} of ${mib(max)} maxmemory (${percent.toFixed(1)} %, warning at ${warnPercent} %)`,
    value: used,
    limit: max,
  };
}

async function databaseSize(measure: (() => Promise<number | null>) | null, warnBytes: number): Promise<Finding> {
  if (!measure) return { check: "database-size", status: "skipped", message: "not measured from this worker", value: null, limit: warnBytes };
  let bytes: number | null;
  try {
    bytes = await measure();
  } catch (err) {
    return { check: "database-size", status: "fail", message: `size unknown: ${errorText(err)}`, value: null, limit: warnBytes };
  }
  if (bytes === null) return { check: "database-size", status: "skipped", message: "not measured for this database", value: null, limit: warnBytes };
  return {
    check: "database-size",
    status: bytes >= warnBytes ? "warn" : "ok",
    message: `${mib(bytes)} (warning at ${mib(warnBytes)})`,
    value: bytes,
    limit: warnBytes,
  };
}

async function httpCheck(check: "chroma" | "gpu-runner", url: string | null, timeoutMs: number, signal: AbortSignal): Promise<Finding> {
  if (!url) return { check, status: "skipped", message: "not configured in this worker", value: null, limit: null };
  const started = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), redirect: "manual" });
    await res.body?.cancel();
    const ms = Math.round(performance.now() - started);
    return res.ok
      ? { check, status: "ok", message: `answered ${res.status} in ${ms} ms`, value: ms, limit: null }
      : { check, status: "fail", message: `answered ${res.status}`, value: ms, limit: null };
  } catch (err) {
    // The task's own abort (cancel, shutdown) ends the sweep; anything else is the dependency's state.
    signal.throwIfAborted();
    return { check, status: "fail", message: `unreachable: ${errorText(err)}`, value: null, limit: null };
  }
}

/** A SQLite database's size on disk: the file and its write-ahead log. */
export async function sqliteFileBytes(path: string): Promise<number> {
  const size = async (p: string): Promise<number> => {
    try {
      return (await stat(p)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw err;
    }
  };
  return (await size(path)) + (await size(`${path}-wal`));
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
