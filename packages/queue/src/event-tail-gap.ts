import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { eventsKey } from "./keys.js";

/** Compare two stream ids ("<ms>-<n>") numerically. */
export function compareSeq(a: string, b: string): number {
  const [am = "0", an = "0"] = a.split("-");
  const [bm = "0", bn = "0"] = b.split("-");
  const d = Number(am) - Number(bm);
  return d !== 0 ? d : Number(an) - Number(bn);
}

/** What a pool's event stream still holds, from XINFO STREAM. */
export interface StreamBounds {
  length: number;
  /** Every entry ever added; more than `length` once anything was trimmed. */
  entriesAdded: number;
  /** The oldest entry still held; null when the stream is empty. */
  firstId: string | null;
  lastGeneratedId: string;
}

function fieldsOf(reply: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (!Array.isArray(reply)) return m;
  for (let i = 0; i + 1 < reply.length; i += 2) m.set(String(reply[i]), reply[i + 1]);
  return m;
}

/** The bounds of a pool's event stream; null when it does not exist (nothing was ever written, or the pool was reset). */
export async function readStreamBounds(redis: Redis, prefix: string, pool: PoolName): Promise<StreamBounds | null> {
  let reply: unknown;
  try {
    reply = await redis.xinfo("STREAM", eventsKey(prefix, pool));
  } catch (err) {
    if (err instanceof Error && /no such key/i.test(err.message)) return null;
    throw err;
  }
  const f = fieldsOf(reply);
  const length = Number(f.get("length") ?? 0);
  const first = f.get("first-entry");
  const firstId = Array.isArray(first) && typeof first[0] === "string" ? first[0] : null;
  return {
    length,
    // Redis 7 reports it; before that, assume something may have been trimmed.
    entriesAdded: f.has("entries-added") ? Number(f.get("entries-added")) : Number.POSITIVE_INFINITY,
    firstId,
    lastGeneratedId: String(f.get("last-generated-id") ?? "0-0"),
  };
}

/**
 * Whether resuming a pool's stream after `since` misses events: something was trimmed from the
 * stream (BullMQ caps it at `opts.maxLenEvents`) and `since` is older than the oldest entry left.
 * Returns that oldest entry (the newest written when the stream is now empty), or null when
 * nothing after `since` can have been lost. Conservative: when the trim ended exactly at `since`
 * it still reports a gap, since the stream cannot tell. Read it after replaying, so a trim during
 * the replay is reported too.
 */
export async function findGap(redis: Redis, prefix: string, pool: PoolName, since: string): Promise<string | null> {
  const b = await readStreamBounds(redis, prefix, pool);
  if (!b || b.entriesAdded <= b.length) return null;
  const oldest = b.firstId ?? b.lastGeneratedId;
  return compareSeq(since, oldest) < 0 ? oldest : null;
}
