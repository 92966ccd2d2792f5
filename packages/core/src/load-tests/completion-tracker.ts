import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { eventsKey, poolKey, type Platform, readEventsSince } from "@switchyard/queue";

/** Compare two stream ids ("ms-seq") numerically. */
export function compareSeq(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am - bm || as - bs;
}

/**
 * How far Redis' clock is ahead of ours (ms), from the round trip with the smallest RTT.
 * Stream ids carry Redis' time; submission times are ours.
 */
export async function redisClockOffset(redis: Redis, samples = 3): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < samples; i++) {
    const t0 = Date.now();
    const [sec, usec] = await redis.time();
    const t1 = Date.now();
    const redisMs = Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: redisMs - (t0 + t1) / 2 };
  }
  return best.offset;
}

interface Pending {
  submittedAt: number;
}

interface Finished {
  ok: boolean;
  at: number;
}

/**
 * Which of a load test's tasks have finished, and when. The pool's BullMQ event stream is
 * the main source (a `completed` or final `failed` entry; its id is Redis' time of the
 * event, converted to our clock). Where the stream can't be trusted (it was trimmed past
 * our position, or it has gone quiet with tasks still unaccounted for) the tracker asks
 * the job itself (the completed/failed sets, scored by finishedOn) and, for jobs Redis has
 * already removed, the history table.
 */
export class CompletionTracker {
  private readonly pending = new Map<string, Pending>();
  /** Finished before their submitBulk call returned; matched when the ids arrive. */
  private readonly early = new Map<string, Finished>();
  private submitting = 0;
  private cursor: string;
  readonly latencies: number[] = [];
  completed = 0;
  failed = 0;
  /** Our-clock time of the latest finish seen. */
  lastFinishedAt: number | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly pool: PoolName,
    startSeq: string,
    private readonly clockOffsetMs: number,
  ) {
    this.cursor = startSeq;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Around a submitBulk call: events read meanwhile may belong to ids not known yet. */
  beginSubmit(): void {
    this.submitting++;
  }

  endSubmit(ids: readonly string[], submittedAt: number): void {
    for (const id of ids) {
      const done = this.early.get(id);
      if (done) {
        this.early.delete(id);
        this.finish(submittedAt, done);
      } else {
        this.pending.set(id, { submittedAt });
      }
    }
    if (--this.submitting === 0) this.early.clear();
  }

  abortSubmit(): void {
    if (--this.submitting === 0) this.early.clear();
  }

  /** Read the stream from where we left off; true when it may have lost entries we never read. */
  async poll(): Promise<{ gap: boolean; progressed: boolean }> {
    const { redis, prefix } = this.platform;
    const before = this.completed + this.failed;
    const events = await readEventsSince(redis, prefix, this.pool, this.cursor, "+");
    for (const ev of events) {
      if (ev.kind === "completed" || ev.kind === "failed") {
        this.onFinished(ev.taskId, { ok: ev.kind === "completed", at: ev.at - this.clockOffsetMs });
      }
    }
    const last = events[events.length - 1];
    if (last) this.cursor = last.seq;
    // Trimmed past our position? (An empty stream at the start has nothing to lose.)
    let gap = false;
    if (this.cursor !== "0-0") {
      const first = (await redis.xrange(eventsKey(prefix, this.pool), "-", "+", "COUNT", 1))[0]?.[0];
      gap = first !== undefined && compareSeq(first, this.cursor) > 0;
    }
    return { gap, progressed: this.completed + this.failed > before };
  }

  /** Ask Redis' finished sets and, for jobs Redis no longer has, the history table. */
  async reconcile(): Promise<void> {
    const { redis, prefix, db } = this.platform;
    const ids = [...this.pending.keys()];
    const gone: string[] = [];
    for (let i = 0; i < ids.length; i += 1_000) {
      const chunk = ids.slice(i, i + 1_000);
      const pipe = redis.pipeline();
      for (const id of chunk) {
        pipe.zscore(poolKey(prefix, this.pool, "completed"), id);
        pipe.zscore(poolKey(prefix, this.pool, "failed"), id);
        pipe.exists(poolKey(prefix, this.pool, id));
      }
      const res = (await pipe.exec()) ?? [];
      chunk.forEach((id, j) => {
        const done = res[j * 3]?.[1];
        const dead = res[j * 3 + 1]?.[1];
        const exists = res[j * 3 + 2]?.[1];
        if (typeof done === "string") this.onFinished(id, { ok: true, at: Number(done) });
        else if (typeof dead === "string") this.onFinished(id, { ok: false, at: Number(dead) });
        else if (exists === 0) gone.push(id);
      });
    }
    for (let i = 0; i < gone.length; i += 1_000) {
      for (const row of await db.tasks.getMany(gone.slice(i, i + 1_000))) {
        const at = (row.finishedAt ?? row.updatedAt).getTime();
        if (row.status === "completed") this.onFinished(row.id, { ok: true, at });
        else if (row.status === "dead" || row.status === "cancelled") this.onFinished(row.id, { ok: false, at });
      }
    }
  }

  private onFinished(id: string, done: Finished): void {
    const p = this.pending.get(id);
    if (p) {
      this.pending.delete(id);
      this.finish(p.submittedAt, done);
    } else if (this.submitting > 0 && !this.early.has(id)) {
      this.early.set(id, done);
    }
  }

  private finish(submittedAt: number, done: Finished): void {
    if (done.ok) {
      this.completed++;
      // Clocks of different hosts can disagree by a little; a latency is never negative.
      this.latencies.push(Math.max(0, done.at - submittedAt));
    } else {
      this.failed++;
    }
    this.lastFinishedAt = Math.max(this.lastFinishedAt ?? 0, done.at);
  }
}
