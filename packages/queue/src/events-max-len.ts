import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { poolKey } from "./keys.js";

/**
 * Where BullMQ keeps a queue's event-stream cap: the queue's meta hash. Every BullMQ script that
 * writes an event trims the stream to it (XADD … MAXLEN ~ n), and every BullMQ `Queue` writes its
 * own option there when it is created — 10,000 unless told otherwise. So a tool that opens our
 * queues with default options (Bull Board, a script) shortens how far back socket.io and SSE
 * clients can resume from our 100,000 (EVENTS_MAX_LEN). The platform puts its value back: on every
 * enqueue (enqueue-jobs.ts) and from each worker at start and periodically (startEventsMaxLenGuard).
 */
export const MAX_LEN_FIELD = "opts.maxLenEvents";

// Compare and set in one step: only a changed value is written.
const REASSERT_LUA = `
if redis.call("HGET", KEYS[1], "${MAX_LEN_FIELD}") ~= ARGV[1] then
  redis.call("HSET", KEYS[1], "${MAX_LEN_FIELD}", ARGV[1])
  return 1
end
return 0
`;
const REASSERT_SHA = createHash("sha1").update(REASSERT_LUA).digest("hex");

async function reassertOne(redis: Redis, key: string, maxLen: number): Promise<boolean> {
  let reply: unknown;
  try {
    reply = await redis.evalsha(REASSERT_SHA, 1, key, maxLen);
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith("NOSCRIPT"))) throw err;
    reply = await redis.eval(REASSERT_LUA, 1, key, maxLen);
  }
  return reply === 1;
}

/** Sets each pool's event-stream cap back to `maxLen` where something changed it; returns the pools it corrected. */
export async function reassertEventsMaxLen(redis: Redis, prefix: string, pools: readonly PoolName[], maxLen: number): Promise<PoolName[]> {
  const fixed: PoolName[] = [];
  for (const pool of pools) if (await reassertOne(redis, poolKey(prefix, pool, "meta"), maxLen)) fixed.push(pool);
  return fixed;
}

export interface EventsMaxLenGuard {
  stop(): void;
}

/** Reasserts the pools' event-stream cap now and every `intervalMs` (one small script call per pool). */
export function startEventsMaxLenGuard(options: {
  redis: Redis;
  prefix: string;
  pools: readonly PoolName[];
  maxLen: number;
  intervalMs: number;
  onCorrected?: (pools: PoolName[]) => void;
  onError?: (err: unknown) => void;
}): EventsMaxLenGuard {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async (): Promise<void> => {
    try {
      const fixed = await reassertEventsMaxLen(options.redis, options.prefix, options.pools, options.maxLen);
      if (fixed.length > 0) options.onCorrected?.(fixed);
    } catch (err) {
      if (!stopped) options.onError?.(err);
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), options.intervalMs);
    timer.unref();
  };
  void tick();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
