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

/**
 * Tails every pool's event stream on one blocking connection and hands batches of
 * events to `onEvents`. `lastSeq(pool)` tells how far delivery has got, which is what
 * a resuming subscriber replays up to.
 */
export class EventTail {
  private readonly redis: Redis;
  private readonly last = new Map<PoolName, string>();
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly onEvents: (events: TaskEvent[]) => void,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.redis = createRedis(redisUrl, "switchyard:event-tail");
    this.redis.on("error", (err) => this.onError(err));
  }

  lastSeq(pool: PoolName): string {
    return this.last.get(pool) ?? "0-0";
  }

  async start(): Promise<void> {
    for (const pool of POOL_NAMES) this.last.set(pool, await latestSeq(this.redis, this.prefix, pool));
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const keys = POOL_NAMES.map((p) => eventsKey(this.prefix, p));
    while (this.running) {
      try {
        const ids = POOL_NAMES.map((p) => this.lastSeq(p));
        const res = (await this.redis.xread("COUNT", 2_000, "BLOCK", 1_000, "STREAMS", ...keys, ...ids)) as
          | Array<[string, StreamEntry[]]>
          | null;
        if (!res) continue;
        const events: TaskEvent[] = [];
        for (const [key, entries] of res) {
          const pool = POOL_NAMES[keys.indexOf(key)];
          if (!pool) continue;
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
        this.onError(err);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.redis.disconnect();
    await this.loop?.catch(() => undefined);
    await closeRedis(this.redis).catch(() => undefined);
  }
}
