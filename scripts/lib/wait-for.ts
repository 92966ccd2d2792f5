import { Redis, type RedisOptions } from "ioredis";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export type RedisTarget = { path: string } | { host: string; port: number };

/** Over a fresh connection: the pid of the redis-server answering there, or null when none answers. */
export async function redisServerPid(target: RedisTarget): Promise<number | null> {
  const opts: RedisOptions = { ...target, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 };
  const r = new Redis(opts);
  r.on("error", () => undefined); // reported through the rejected command instead
  try {
    await r.connect();
    const info = await r.info("server");
    const pid = /^process_id:(\d+)/m.exec(info)?.[1];
    return pid ? Number(pid) : null;
  } catch {
    return null;
  } finally {
    r.disconnect();
  }
}

/**
 * True once the redis-server with this pid answers: a bare PING could be answered by
 * another server that took the port first.
 */
export async function redisAnswers(target: RedisTarget, pid: number | undefined): Promise<boolean> {
  const answering = await redisServerPid(target);
  return answering !== null && (pid === undefined || answering === pid);
}

/** Polls until `check` is true; `abort` (checked between tries) ends the wait with its message. */
export async function waitUntil(
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; what: string; abort?: () => string | null },
): Promise<void> {
  const until = Date.now() + opts.timeoutMs;
  for (;;) {
    const reason = opts.abort?.();
    if (reason) throw new Error(reason);
    if (await check()) return;
    if (Date.now() > until) throw new Error(`${opts.what} did not become ready within ${Math.round(opts.timeoutMs / 1000)} s`);
    await sleep(opts.intervalMs ?? 100);
  }
}

/** True once the URL answers HTTP at all (any status: the server is up). */
export async function answersHttp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
