import { io, type Socket } from "socket.io-client";
import {
  SOCKET_EVENTS,
  subscribeAckSchema,
  subscribeRetryDelayMs,
  taskEventSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TaskEvent,
} from "@switchyard/shared/events";
import type { PoolName } from "@switchyard/shared/pools";

export type LiveStatus = "connecting" | "connected" | "reconnecting" | "offline";

/** A live connection's status in words, as the pages show it. */
export const LIVE_STATUS_WORDS: Record<LiveStatus, string> = {
  connecting: "connecting",
  connected: "connected",
  reconnecting: "reconnecting",
  offline: "offline",
};

export interface LiveOptions {
  /** A pasted API token; null: the handshake carries the session cookie (same origin). */
  token: string | null;
  pools: readonly PoolName[];
  onEvent: (event: TaskEvent) => void;
  onStatus: (status: LiveStatus) => void;
  /** The server refused the token during the handshake. */
  onUnauthorized: () => void;
  /**
   * A subscription the server refused: for good (bad request, too many, not allowed) or for now
   * (`retryable`: the pool's event stream could not be read; it is tried again with backoff).
   */
  onSubscribeError?: (pool: PoolName, error: string, retryable: boolean) => void;
  /** A pool's subscription the server accepted (on each connect, and after a refusal that passed). */
  onSubscribed?: (pool: PoolName) => void;
  /** Defaults to this page's origin (the one process serves UI, API and socket.io). */
  origin?: string;
}

export interface LiveConnection {
  close(): void;
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;


/**
 * Live task events for a set of pools over socket.io. Every incoming event is validated
 * with the shared zod schema. The last `seq` seen per pool (or, before the first event, where
 * its subscription started) is kept, and after a reconnect each pool is subscribed again with
 * `since` so the server replays what was missed.
 */
export function connectLive(options: LiveOptions): LiveConnection {
  const lastSeq = new Map<PoolName, string>();
  let closed = false;
  let everConnected = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const socket: LiveSocket = io(options.origin ?? window.location.origin, {
    // With the session cookie: WebSocket only. The server accepts a cookie only from a handshake
    // whose Origin is our own, and browsers send Origin on a WebSocket upgrade but not on the
    // same-origin GET that starts socket.io's long-polling transport.
    ...(options.token ? { auth: { token: options.token } } : { transports: ["websocket"] }),
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    timeout: 10_000,
  });
  options.onStatus("connecting");

  const retryTimers = new Set<ReturnType<typeof setTimeout>>();
  const clearRetries = (): void => {
    for (const t of retryTimers) clearTimeout(t);
    retryTimers.clear();
  };

  /**
   * Subscribes every pool; "connected" is reported once the server has answered them all. A
   * refusal that may pass (the pool's event stream could not be read) is tried again with backoff
   * for as long as the connection lasts; a reconnect starts the tries over. Which pools are
   * refused right now reaches the page through onSubscribeError / onSubscribed.
   */
  const subscribeAll = (): void => {
    let unanswered = options.pools.length;
    const answered = (): void => {
      if (--unanswered === 0 && socket.connected && !closed) options.onStatus("connected");
    };
    if (unanswered === 0) options.onStatus("connected");
    const subscribe = (pool: PoolName, attempt: number): void => {
      const since = lastSeq.get(pool);
      socket.emit(SOCKET_EVENTS.subscribe, since ? { kind: "pool", pool, since } : { kind: "pool", pool }, (raw) => {
        const ack = subscribeAckSchema.safeParse(raw);
        if (closed) return;
        if (!ack.success) options.onSubscribeError?.(pool, "unexpected reply from the server", false);
        else if (!ack.data.ok) {
          const retryable = ack.data.retryable === true;
          options.onSubscribeError?.(pool, ack.data.error, retryable);
          if (retryable && socket.connected) {
            const timer = setTimeout(() => {
              retryTimers.delete(timer);
              if (socket.connected && !closed) subscribe(pool, attempt + 1);
            }, subscribeRetryDelayMs(attempt));
            retryTimers.add(timer);
          }
        } else {
          // No event seen yet: resume from where the subscription started, so a reconnect replays
          // what was written meanwhile instead of starting again from "now".
          if (ack.data.from && !lastSeq.has(pool)) lastSeq.set(pool, ack.data.from);
          options.onSubscribed?.(pool);
        }
        // Only the first answer counts towards "connected"; a retry's does not count again.
        if (attempt === 0) answered();
      });
    };
    for (const pool of options.pools) subscribe(pool, 0);
  };

  socket.on("connect", () => {
    everConnected = true;
    subscribeAll();
  });

  socket.on("disconnect", (reason) => {
    clearRetries();
    if (closed) return;
    // "io server disconnect": the server closed us on purpose; socket.io will not retry by itself.
    if (reason === "io server disconnect") {
      options.onStatus("reconnecting");
      socket.connect();
    } else {
      options.onStatus(socket.active ? "reconnecting" : "offline");
    }
  });

  socket.on("connect_error", (err) => {
    if (closed) return;
    if (!socket.active) {
      // A middleware refusal: the server rejected the handshake and socket.io stops retrying.
      if (/unauthori[sz]ed/i.test(err.message)) {
        options.onStatus("offline");
        options.onUnauthorized();
        return;
      }
      // Another refusal (server busy or restarting): try again a little later.
      options.onStatus("reconnecting");
      retryTimer ??= setTimeout(() => {
        retryTimer = null;
        if (!closed) socket.connect();
      }, 5_000);
      return;
    }
    options.onStatus(everConnected ? "reconnecting" : "connecting");
  });

  socket.on(SOCKET_EVENTS.taskEvent, (raw: unknown) => {
    const parsed = taskEventSchema.safeParse(raw);
    if (!parsed.success) return; // never trust the wire, even from our own server
    const event = parsed.data;
    lastSeq.set(event.pool, event.seq);
    options.onEvent(event);
  });

  return {
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      clearRetries();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
