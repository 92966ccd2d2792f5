import type { Redis } from "ioredis";
import { POOL_NAMES, type PoolName, type TaskEvent } from "@switchyard/shared";
import { eventsKey } from "./keys.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { parseProgress } from "./task-view.js";

type StreamEntry = [id: string, fields: string[]];

function fieldMap(fields: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) m.set(fields[i] ?? "", fields[i + 1] ?? "");
  return m;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Map one entry of BullMQ's per-queue event stream to our event catalog. The stream id
 * is the event's sequence number: strictly increasing per pool and kept in Redis, so a
 * client can resume after a reconnect (or a server restart) from the last one it saw.
 */
export function toTaskEvent(pool: PoolName, entry: StreamEntry): TaskEvent | null {
  const [seq, raw] = entry;
  const f = fieldMap(raw);
  const taskId = f.get("jobId");
  if (!taskId) return null;
  const at = Number(seq.split("-")[0]);
  const base = { seq, pool, taskId, at };
  switch (f.get("event")) {
    case "waiting":
      return { ...base, kind: f.get("prev") === "active" || f.get("prev") === "failed" ? "retrying" : "queued" };
    case "delayed":
      return { ...base, kind: "retrying" };
    case "active":
      return { ...base, kind: "active" };
    case "progress": {
      const progress = parseProgress(parseJson(f.get("data")));
      return progress ? { ...base, kind: "progress", progress } : null;
    }
    case "completed":
      return { ...base, kind: "completed", result: parseJson(f.get("returnvalue")) };
    case "failed":
      return { ...base, kind: "failed", error: f.get("failedReason") ?? "failed" };
    case "stalled":
      return { ...base, kind: "stalled" };
    case "removed":
      return { ...base, kind: "removed" };
    default:
      return null;
  }
}

/** Events of a pool after `since` (exclusive), oldest first, optionally for one task. */
export async function readEventsSince(
  redis: Redis,
  prefix: string,
  pool: PoolName,
  since: string,
  until: string,
  taskId?: string,
): Promise<TaskEvent[]> {
  const out: TaskEvent[] = [];
  let start = `(${since}`;
  for (;;) {
    const entries = (await redis.xrange(eventsKey(prefix, pool), start, until, "COUNT", 5_000)) as StreamEntry[];
    for (const e of entries) {
      const ev = toTaskEvent(pool, e);
      if (ev && (!taskId || ev.taskId === taskId)) out.push(ev);
    }
    const last = entries[entries.length - 1];
    if (!last || entries.length < 5_000) return out;
    start = `(${last[0]}`;
  }
}

/** The newest sequence number of a pool's stream ("0-0" when empty). */
export async function latestSeq(redis: Redis, prefix: string, pool: PoolName): Promise<string> {
  const entries = (await redis.xrevrange(eventsKey(prefix, pool), "+", "-", "COUNT", 1)) as StreamEntry[];
  return entries[0]?.[0] ?? "0-0";
}

/** How long a pool whose stream key holds another type stays out of reads before it is tried again. */
const UNREADABLE_RECHECK_MS = 5_000;

/**
 * Tails the event streams of the pools that have subscribers, on one blocking
 * connection, and hands batches of events to `onEvents`. Pools nobody watches cost
 * nothing (no reads), so the hot path pays for live events only while someone looks.
 * `lastSeq(pool)` tells how far delivery has got: what a resuming subscriber replays up to.
 */
export class EventTail {
  private readonly redis: Redis;
  private readonly control: Redis;
  private readonly last = new Map<PoolName, string>();
  private readonly watchers = new Map<PoolName, number>();
  /**
   * Watched pools whose stream key holds another type (WRONGTYPE): left out of the shared read
   * until the time given, so one bad key does not stall every other pool's live events.
   */
  private readonly unreadable = new Map<PoolName, number>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly onEvents: (events: TaskEvent[]) => void,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.redis = createRedis(redisUrl, "switchyard:event-tail");
    this.control = createRedis(redisUrl, "switchyard:event-tail-control");
    for (const r of [this.redis, this.control]) r.on("error", (err) => this.onError(err));
  }

  lastSeq(pool: PoolName): string {
    return this.last.get(pool) ?? "0-0";
  }

  /** Start tailing a pool (reference counted); resolves once its position is known. */
  async watch(pool: PoolName): Promise<void> {
    const n = this.watchers.get(pool) ?? 0;
    this.watchers.set(pool, n + 1);
    if (n > 0 && this.last.has(pool)) return;
    let seq: string;
    try {
      seq = await latestSeq(this.control, this.prefix, pool);
    } catch (err) {
      // Not watching after all (Redis unreachable): give the reference back, or the pool stays tailed for nobody.
      this.unwatch(pool);
      throw err;
    }
    if (!this.last.has(pool) && this.watchers.has(pool)) this.last.set(pool, seq);
    // Picked up by the next read (blocking reads are short, 250 ms).
    this.wake?.();
  }

  unwatch(pool: PoolName): void {
    const n = (this.watchers.get(pool) ?? 0) - 1;
    if (n > 0) {
      this.watchers.set(pool, n);
      return;
    }
    this.watchers.delete(pool);
    this.last.delete(pool);
    this.unreadable.delete(pool);
  }

  async start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const now = Date.now();
      const pools = POOL_NAMES.filter((p) => this.last.has(p) && !((this.unreadable.get(p) ?? 0) > now));
      if (pools.length === 0) {
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, 1_000).unref();
        });
        this.wake = null;
        continue;
      }
      const keys = pools.map((p) => eventsKey(this.prefix, p));
      try {
        const res = (await this.redis.xread(
          "COUNT",
          2_000,
          "BLOCK",
          250,
          "STREAMS",
          ...keys,
          ...pools.map((p) => this.lastSeq(p)),
        )) as Array<[string, StreamEntry[]]> | null;
        // Every pool in this read is readable again.
        if (this.unreadable.size > 0) for (const p of pools) this.unreadable.delete(p);
        if (!res) continue;
        const events: TaskEvent[] = [];
        for (const [key, entries] of res) {
          const pool = pools[keys.indexOf(key)];
          if (!pool || !this.last.has(pool)) continue;
          for (const e of entries) {
            const ev = toTaskEvent(pool, e);
            if (ev) events.push(ev);
          }
          const last = entries[entries.length - 1];
          if (last) this.last.set(pool, last[0]);
        }
        if (events.length > 0) this.onEvents(events);
      } catch (err) {
        if (!this.running) return;
        if (await this.setAsideUnreadable(pools, err)) continue;
        this.onError(err);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * After a WRONGTYPE reply, finds the pools whose key is neither a stream nor absent and leaves
   * them out of reads for a while (reported once, not on every retry); false when that is not it.
   */
  private async setAsideUnreadable(pools: readonly PoolName[], err: unknown): Promise<boolean> {
    if (!(err instanceof Error) || !err.message.startsWith("WRONGTYPE")) return false;
    let types: string[];
    try {
      types = await Promise.all(pools.map((p) => this.control.type(eventsKey(this.prefix, p))));
    } catch {
      return false;
    }
    const bad = pools.filter((_, i) => types[i] !== "stream" && types[i] !== "none");
    if (bad.length === 0) return false;
    for (const pool of bad) {
      if (!this.unreadable.has(pool)) this.onError(new Error(`the event stream of pool ${pool} is not a stream; its live events are skipped until it is`));
      this.unreadable.set(pool, Date.now() + UNREADABLE_RECHECK_MS);
    }
    return true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.redis.disconnect();
    await this.loop?.catch(() => undefined);
    await closeRedis(this.control).catch(() => undefined);
  }
}
