import { Job } from "bullmq";
import { EventTail, findGap, jobTask, readEventsSince, type Platform } from "@switchyard/queue";
import {
  gapEventSchema,
  POOL_NAMES,
  poolNameSchema,
  taskEventSchema,
  type GapEvent,
  type PoolName,
  type TaskEvent,
} from "@switchyard/shared";
import type { Revocation } from "@switchyard/core";
import { compareSeq } from "./seq.js";

/** Who opened a live connection, so a revocation can find the connections it ends. */
export interface LivePrincipal {
  tokenId: string | null;
  sessionId: string | null;
  userId: string | null;
  /** Which tasks it may follow (taskReadScope): "own" follows only its own tasks, and no pool. */
  tasks: "all" | "own" | "none";
  /** taskOwner() of the caller: what "own" compares with. */
  owner: string;
}

/** What a subscription follows: one task's events, or a whole pool's. */
export type LiveTarget = { kind: "task"; taskId: string } | { kind: "pool"; pool: PoolName };

/** Where a subscription's events go; each transport (socket.io, SSE) writes them its own way. Already validated. */
export interface LiveSink {
  event(ev: TaskEvent): void;
  gap(ev: GapEvent): void;
}

export type SubscribeResult =
  | {
      ok: true;
      /** Events replayed after `since`. */
      replayed: number;
      /** Where the subscription starts: `since`, or the stream's position when none was given. */
      from: string;
    }
  /** "unavailable": the pool's event stream could not be read (Redis failing); the caller may try again. */
  | { ok: false; reason: "invalid" | "not-found" | "forbidden" | "closed" | "unavailable"; error: string };

interface Subscription {
  key: string;
  pool: PoolName;
  sink: LiveSink;
  /** While replaying missed events, live ones wait here so order is kept. */
  buffer: TaskEvent[] | null;
  lastSent: string;
}

const MAX_SUBSCRIPTIONS_PER_CONNECTION = 200;

function keyOf(target: LiveTarget): string {
  return target.kind === "task" ? `task:${target.taskId}` : `pool:${target.pool}`;
}

/**
 * The one subscription core behind both live transports (socket.io in live-events.ts, SSE in
 * sse-route.ts). One tail reads the event streams of the pools someone watches; each
 * subscription (a task or a pool) gets its events in stream order, each with its seq. A
 * subscription that resumes (`since`) first gets a gap event when the stream no longer holds
 * everything after `since`, then what it missed, then live events, in order. Every connection
 * is registered with its principal, so a revocation ends it whichever transport it uses.
 */
export class EventHub {
  private readonly subs = new Map<string, Set<Subscription>>();
  private readonly connections = new Set<LiveConnection>();
  private readonly tail: EventTail;

  constructor(
    private readonly platform: Platform,
    redisUrl: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.tail = new EventTail(redisUrl, platform.prefix, (events) => this.dispatch(events), onError);
  }

  async start(): Promise<void> {
    await this.tail.start();
  }

  /** Registers a connection; `end` closes it on the transport's side (a revocation, shutdown). */
  open(principal: LivePrincipal, end: () => void | Promise<void>): LiveConnection {
    const conn = new LiveConnection(this, principal, end);
    this.connections.add(conn);
    return conn;
  }

  /** Ends every open connection (socket.io and SSE) of the revoked token, session or person. */
  disconnect(r: Revocation): void {
    for (const conn of [...this.connections]) {
      const p = conn.principal;
      const hit = r.kind === "token" ? p.tokenId === r.id : r.kind === "session" ? p.sessionId === r.id : p.userId === r.id;
      if (hit) void conn.end();
    }
  }

  /** Ends every open connection and waits for their transports to finish (before the HTTP server closes). */
  async endAll(): Promise<void> {
    await Promise.all([...this.connections].map((conn) => conn.end()));
  }

  async stop(): Promise<void> {
    await this.endAll();
    await this.tail.stop();
  }

  /** @internal LiveConnection's. */
  forget(conn: LiveConnection): void {
    this.connections.delete(conn);
  }

  /** @internal LiveConnection's: see LiveConnection.subscribe. */
  async subscribe(
    conn: LiveConnection,
    mine: Map<string, Subscription>,
    target: LiveTarget,
    since: string | undefined,
    sink: LiveSink,
  ): Promise<SubscribeResult> {
    if (mine.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) return { ok: false, reason: "invalid", error: "too many subscriptions" };
    const { tasks, owner } = conn.principal;
    if (tasks === "none") return { ok: false, reason: "forbidden", error: "this role does not read tasks" };
    if (tasks === "own" && target.kind === "pool") return { ok: false, reason: "forbidden", error: "a submitter follows its own tasks, not whole pools" };
    const found = target.kind === "pool" ? { pool: target.pool, owner: null } : await this.findTask(target.taskId);
    // Someone else's task is "not found" to a submitter, as on GET /tasks/:id.
    if (!found || (tasks === "own" && found.owner !== owner)) {
      return { ok: false, reason: "not-found", error: `task ${target.kind === "task" ? target.taskId : ""} not found` };
    }
    const { pool } = found;
    const key = keyOf(target);
    if (mine.has(key)) return { ok: true, replayed: 0, from: since ?? this.tail.lastSeq(pool) };

    try {
      await this.tail.watch(pool);
    } catch (err) {
      return this.unavailable(pool, err);
    }
    // Closed, or the same subscription made meanwhile, while the tail found its position.
    if (conn.closed || mine.has(key)) {
      this.tail.unwatch(pool);
      return conn.closed ? { ok: false, reason: "closed", error: "disconnected" } : { ok: true, replayed: 0, from: since ?? this.tail.lastSeq(pool) };
    }
    const until = this.tail.lastSeq(pool);
    const sub: Subscription = { key, pool, sink, buffer: since ? [] : null, lastSent: since ?? until };
    mine.set(key, sub);
    let set = this.subs.get(key);
    if (!set) this.subs.set(key, (set = new Set()));
    set.add(sub);
    if (!since) return { ok: true, replayed: 0, from: until };

    // Replay (since, until], then whatever arrived live meanwhile, in order. The gap is read
    // after the replay, so a trim that raced with it is reported rather than skipped silently.
    let missed: TaskEvent[];
    let oldest: string | null;
    try {
      const { redis, prefix } = this.platform;
      missed = await readEventsSince(redis, prefix, pool, since, until, target.kind === "task" ? target.taskId : undefined);
      oldest = await findGap(redis, prefix, pool, since);
    } catch (err) {
      this.drop(sub, mine);
      return this.unavailable(pool, err);
    }
    if (mine.get(key) !== sub) return { ok: false, reason: "closed", error: "disconnected" };
    if (oldest) {
      const gap = gapEventSchema.safeParse({
        pool,
        ...(target.kind === "task" ? { taskId: target.taskId } : {}),
        requestedSince: since,
        oldestAvailable: oldest,
      });
      if (gap.success) sink.gap(gap.data);
    }
    for (const ev of missed) this.send(sub, ev);
    const buffered = sub.buffer ?? [];
    sub.buffer = null;
    for (const ev of buffered) if (compareSeq(ev.seq, sub.lastSent) > 0) this.send(sub, ev);
    return { ok: true, replayed: missed.length, from: since };
  }

  /** Redis's own message goes to the log, not to the client: it names keys and internals. */
  private unavailable(pool: PoolName, err: unknown): SubscribeResult {
    this.onError(err);
    return { ok: false, reason: "unavailable", error: `the live events of pool ${pool} cannot be read right now` };
  }

  /** @internal */
  drop(sub: Subscription, mine: Map<string, Subscription>): void {
    const set = this.subs.get(sub.key);
    set?.delete(sub);
    if (set?.size === 0) this.subs.delete(sub.key);
    if (mine.get(sub.key) === sub) mine.delete(sub.key);
    this.tail.unwatch(sub.pool);
  }

  /** The task's pool and who submitted it, from the history or else the live job. */
  private async findTask(taskId: string): Promise<{ pool: PoolName; owner: string | null } | null> {
    const row = await this.platform.db.tasks.get(taskId);
    if (row) {
      const p = poolNameSchema.safeParse(row.pool);
      if (p.success) return { pool: p.data, owner: row.submittedBy ?? null };
    }
    for (const pool of POOL_NAMES) {
      const job = await Job.fromId(this.platform.queue(pool), taskId);
      if (job) return { pool, owner: jobTask(job)?.submittedBy ?? null };
    }
    return null;
  }

  private dispatch(events: TaskEvent[]): void {
    if (this.subs.size === 0) return;
    for (const ev of events) {
      const forTask = this.subs.get(`task:${ev.taskId}`);
      const forPool = this.subs.get(`pool:${ev.pool}`);
      if (forTask) for (const sub of forTask) this.deliver(sub, ev);
      if (forPool) for (const sub of forPool) this.deliver(sub, ev);
    }
  }

  private deliver(sub: Subscription, ev: TaskEvent): void {
    if (sub.buffer) sub.buffer.push(ev);
    else if (compareSeq(ev.seq, sub.lastSent) > 0) this.send(sub, ev);
  }

  private send(sub: Subscription, ev: TaskEvent): void {
    // Validated on the way out as clients validate on the way in.
    const checked = taskEventSchema.safeParse(ev);
    if (!checked.success) return;
    sub.lastSent = ev.seq;
    sub.sink.event(checked.data);
  }
}

/** One client's connection (a socket, an SSE stream): its subscriptions, and how to end it. */
export class LiveConnection {
  private readonly mine = new Map<string, Subscription>();
  private ending: Promise<void> | null = null;
  closed = false;

  constructor(
    private readonly hub: EventHub,
    readonly principal: LivePrincipal,
    private readonly endTransport: () => void | Promise<void>,
  ) {}

  /**
   * Follow a task or a pool. With `since` (the last seq the client saw) it first gets a gap
   * event if events after it were trimmed, then the events it missed, then live ones.
   */
  async subscribe(target: LiveTarget, since: string | undefined, sink: LiveSink): Promise<SubscribeResult> {
    if (this.closed) return { ok: false, reason: "closed", error: "disconnected" };
    return this.hub.subscribe(this, this.mine, target, since, sink);
  }

  unsubscribe(target: LiveTarget): void {
    const sub = this.mine.get(keyOf(target));
    if (sub) this.hub.drop(sub, this.mine);
  }

  /** The transport closed (client gone): drop every subscription. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sub of [...this.mine.values()]) this.hub.drop(sub, this.mine);
    this.hub.forget(this);
  }

  /** Ends it from the server's side (revocation, shutdown): the transport closes, then the subscriptions go. */
  end(): Promise<void> {
    this.ending ??= (async () => {
      try {
        await this.endTransport();
      } finally {
        this.close();
      }
    })();
    return this.ending;
  }
}
