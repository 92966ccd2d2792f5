import { Job } from "bullmq";
import type { Server, Socket } from "socket.io";
import { EventTail, readEventsSince, type Platform } from "@switchyard/queue";
import {
  POOL_NAMES,
  poolNameSchema,
  SOCKET_EVENTS,
  subscribeSchema,
  taskEventSchema,
  unsubscribeSchema,
  type ClientToServerEvents,
  type PoolName,
  type ServerToClientEvents,
  type SubscribeAck,
  type TaskEvent,
} from "@switchyard/shared";
import type { Authenticator } from "@switchyard/api";
import { compareSeq } from "./seq.js";

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Subscription {
  socket: LiveSocket;
  pool: PoolName;
  /** While replaying missed events, live ones wait here so order is kept. */
  buffer: TaskEvent[] | null;
  lastSent: string;
}

const MAX_SUBSCRIPTIONS_PER_SOCKET = 200;

/**
 * Live task events over socket.io. One tail reads every pool's event stream; each
 * subscription (a task or a pool) gets its events in stream order, each with its seq.
 * A client that reconnects sends the last seq it saw and first receives what it missed.
 */
export class LiveEvents {
  private readonly subs = new Map<string, Set<Subscription>>();
  private readonly tail: EventTail;

  constructor(
    private readonly io: Server<ClientToServerEvents, ServerToClientEvents>,
    private readonly platform: Platform,
    private readonly auth: Authenticator,
    redisUrl: string,
    onError: (err: unknown) => void,
  ) {
    this.tail = new EventTail(redisUrl, platform.prefix, (events) => this.dispatch(events), onError);
  }

  async start(): Promise<void> {
    this.io.use((socket, next) => {
      const token: unknown = socket.handshake.auth["token"];
      if (typeof token !== "string") return next(new Error("unauthorized: pass { auth: { token } }"));
      this.auth.verify(token).then(
        () => next(),
        () => next(new Error("unauthorized")),
      );
    });
    this.io.on("connection", (socket) => this.onConnection(socket));
    await this.tail.start();
  }

  async stop(): Promise<void> {
    await this.tail.stop();
  }

  private onConnection(socket: LiveSocket): void {
    const mine = new Map<string, Subscription>();
    socket.on(SOCKET_EVENTS.subscribe, (raw, ack) => {
      const reply = typeof ack === "function" ? ack : () => undefined;
      this.subscribe(socket, mine, raw).then(reply, (err: unknown) =>
        reply({ ok: false, error: err instanceof Error ? err.message : "subscribe failed" }),
      );
    });
    socket.on(SOCKET_EVENTS.unsubscribe, (raw, ack) => {
      const reply: (r: SubscribeAck) => void = typeof ack === "function" ? ack : () => undefined;
      const req = unsubscribeSchema.safeParse(raw);
      if (!req.success) return reply({ ok: false, error: req.error.issues[0]?.message ?? "invalid request" });
      const key = req.data.kind === "task" ? `task:${req.data.taskId}` : `pool:${req.data.pool}`;
      const sub = mine.get(key);
      if (sub) this.drop(key, sub, mine);
      reply({ ok: true, replayed: 0 });
    });
    socket.on("disconnect", () => {
      for (const [key, sub] of mine) this.drop(key, sub, mine);
    });
  }

  private async subscribe(socket: LiveSocket, mine: Map<string, Subscription>, raw: unknown): Promise<SubscribeAck> {
    const req = subscribeSchema.safeParse(raw);
    if (!req.success) {
      const i = req.error.issues[0];
      return { ok: false, error: `${i?.path.join(".") || "request"}: ${i?.message ?? "invalid"}` };
    }
    if (mine.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) return { ok: false, error: "too many subscriptions" };
    const r = req.data;
    const pool = r.kind === "pool" ? r.pool : await this.poolOfTask(r.taskId);
    if (!pool) return { ok: false, error: `task ${r.kind === "task" ? r.taskId : ""} not found` };
    const key = r.kind === "task" ? `task:${r.taskId}` : `pool:${r.pool}`;
    if (mine.has(key)) return { ok: true, replayed: 0 };

    await this.tail.watch(pool);
    if (socket.disconnected) {
      this.tail.unwatch(pool);
      return { ok: false, error: "disconnected" };
    }
    const until = this.tail.lastSeq(pool);
    const sub: Subscription = { socket, pool, buffer: r.since ? [] : null, lastSent: r.since ?? until };
    mine.set(key, sub);
    let set = this.subs.get(key);
    if (!set) this.subs.set(key, (set = new Set()));
    set.add(sub);
    if (!r.since) return { ok: true, replayed: 0 };

    // Replay (since, until], then whatever arrived live meanwhile, in order.
    const missed = await readEventsSince(
      this.platform.redis,
      this.platform.prefix,
      pool,
      r.since,
      until,
      r.kind === "task" ? r.taskId : undefined,
    );
    for (const ev of missed) this.send(sub, ev);
    const buffered = sub.buffer ?? [];
    sub.buffer = null;
    for (const ev of buffered) if (compareSeq(ev.seq, sub.lastSent) > 0) this.send(sub, ev);
    return { ok: true, replayed: missed.length };
  }

  private drop(key: string, sub: Subscription, mine: Map<string, Subscription>): void {
    const set = this.subs.get(key);
    set?.delete(sub);
    if (set?.size === 0) this.subs.delete(key);
    mine.delete(key);
    this.tail.unwatch(sub.pool);
  }

  private async poolOfTask(taskId: string): Promise<PoolName | null> {
    const row = await this.platform.db.tasks.get(taskId);
    if (row) {
      const p = poolNameSchema.safeParse(row.pool);
      if (p.success) return p.data;
    }
    for (const pool of POOL_NAMES) {
      if (await Job.fromId(this.platform.queue(pool), taskId)) return pool;
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
    // Validated on the way out as the client validates on the way in.
    const checked = taskEventSchema.safeParse(ev);
    if (!checked.success) return;
    sub.lastSent = ev.seq;
    sub.socket.emit(SOCKET_EVENTS.taskEvent, checked.data);
  }
}
