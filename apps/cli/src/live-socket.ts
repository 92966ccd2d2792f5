import { io, type Socket } from "socket.io-client";
import {
  SOCKET_EVENTS,
  subscribeAckSchema,
  subscribeRetryDelayMs,
  taskEventSchema,
  type ClientToServerEvents,
  type PoolName,
  type ServerToClientEvents,
  type Subscribe,
  type TaskEvent,
} from "@switchyard/shared";
import { CliError, EXIT } from "./exit-codes.js";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export type Target = { kind: "task"; taskId: string } | { kind: "pool"; pool: PoolName };

export interface LiveSocketOptions {
  url: string;
  token: string | undefined;
  targets: readonly Target[];
  /** Resume point for the first subscription (--since). */
  since?: string;
  onEvent: (event: TaskEvent) => void;
  /** Each (re)subscription acknowledged, with how many missed events the server replayed. */
  onSubscribed?: (target: Target, replayed: number, resumed: boolean) => void;
  /** Connection lost, reconnecting, etc. (for stderr). */
  onNotice?: (message: string) => void;
  /** The server refused us for good (bad token, unknown task): the caller stops. */
  onFatal: (error: CliError) => void;
}

export interface LiveSocket {
  close(): void;
}

/** "<ms>-<n>" stream ids, compared numerically. */
export function compareSeq(a: string, b: string): number {
  const [am = 0, an = 0] = a.split("-").map(Number);
  const [bm = 0, bn = 0] = b.split("-").map(Number);
  return am !== bm ? am - bm : an - bn;
}

function keyOf(t: Target): string {
  return t.kind === "task" ? `task:${t.taskId}` : `pool:${t.pool}`;
}

function describeTarget(t: Target): string {
  return t.kind === "task" ? `task ${t.taskId}` : `pool ${t.pool}`;
}

/**
 * Live task events over socket.io. Subscribes on every (re)connect, resuming each subscription
 * from the last sequence number it delivered, so a dropped connection loses nothing; events
 * seen twice around a resume are dropped by sequence number.
 */
export function openLiveSocket(options: LiveSocketOptions): LiveSocket {
  const base = new URL(options.url);
  const socket: Client = io(base.origin, {
    path: `${base.pathname.replace(/\/+$/, "")}/socket.io`,
    auth: { token: options.token ?? "" },
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  const lastSeq = new Map<string, string>();
  let closed = false;
  let connectedOnce = false;

  /** Tries again of refusals that may pass (the event stream could not be read); a reconnect starts over. */
  const retries = new Set<ReturnType<typeof setTimeout>>();
  const stopRetries = (): void => {
    for (const t of retries) clearTimeout(t);
    retries.clear();
  };

  const subscribe = (target: Target, attempt = 0): void => {
    const since = lastSeq.get(keyOf(target)) ?? options.since;
    const req: Subscribe =
      target.kind === "task"
        ? { kind: "task", taskId: target.taskId, ...(since ? { since } : {}) }
        : { kind: "pool", pool: target.pool, ...(since ? { since } : {}) };
    socket.timeout(15_000).emit(SOCKET_EVENTS.subscribe, req, (err: Error | null, raw?: unknown) => {
      if (closed) return;
      if (err) {
        options.onNotice?.(`no answer to subscribe for ${describeTarget(target)}; reconnecting`);
        socket.disconnect().connect();
        return;
      }
      const ack = subscribeAckSchema.safeParse(raw);
      if (!ack.success) return options.onFatal(new CliError("unexpected answer to subscribe from the server"));
      if (!ack.data.ok && ack.data.retryable) {
        // Tried again for as long as this connection lasts.
        const waitMs = subscribeRetryDelayMs(attempt);
        options.onNotice?.(`cannot follow ${describeTarget(target)} yet: ${ack.data.error}; trying again in ${waitMs / 1_000} s`);
        const timer = setTimeout(() => {
          retries.delete(timer);
          if (!closed && socket.connected) subscribe(target, attempt + 1);
        }, waitMs);
        retries.add(timer);
        return;
      }
      if (!ack.data.ok) {
        const notFound = /not found/i.test(ack.data.error);
        return options.onFatal(
          new CliError(`cannot follow ${describeTarget(target)}: ${ack.data.error}`, notFound ? EXIT.notFound : EXIT.failure),
        );
      }
      // Before the first event, a reconnect resumes from where this subscription started.
      if (ack.data.from && !lastSeq.has(keyOf(target))) lastSeq.set(keyOf(target), ack.data.from);
      options.onSubscribed?.(target, ack.data.replayed, since !== undefined);
    });
  };

  socket.on("connect", () => {
    if (connectedOnce) options.onNotice?.("reconnected; resuming from the last event seen");
    connectedOnce = true;
    for (const t of options.targets) subscribe(t);
  });

  socket.on("connect_error", (err) => {
    if (closed) return;
    if (/unauthori[sz]ed/i.test(err.message)) {
      options.onFatal(new CliError(`the live event server refused the token: ${err.message}`, EXIT.auth));
      return;
    }
    // socket.io keeps retrying on its own unless the server refused us.
    if (!socket.active) options.onFatal(new CliError(`cannot connect for live events: ${err.message}`, EXIT.unavailable));
    else options.onNotice?.(`cannot connect for live events (${err.message}); retrying`);
  });

  socket.on("disconnect", (reason) => {
    stopRetries();
    if (closed) return;
    if (reason === "io server disconnect") {
      // The server hung up on purpose; socket.io doesn't retry that by itself.
      socket.connect();
    }
    options.onNotice?.(`live connection lost (${reason}); reconnecting`);
  });

  socket.on(SOCKET_EVENTS.taskEvent, (raw: unknown) => {
    const parsed = taskEventSchema.safeParse(raw);
    if (!parsed.success || closed) return;
    const ev = parsed.data;
    const keys = [`task:${ev.taskId}`, `pool:${ev.pool}`].filter((k) => options.targets.some((t) => keyOf(t) === k));
    if (keys.length === 0) return;
    // Already delivered (replay overlapping live events): drop.
    if (keys.every((k) => {
      const seen = lastSeq.get(k);
      return seen !== undefined && compareSeq(ev.seq, seen) <= 0;
    })) return;
    for (const k of keys) lastSeq.set(k, ev.seq);
    options.onEvent(ev);
  });

  return {
    close() {
      closed = true;
      stopRetries();
      socket.removeAllListeners();
      socket.close();
    },
  };
}
