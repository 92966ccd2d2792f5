import type { Server, Socket } from "socket.io";
import {
  SOCKET_EVENTS,
  subscribeSchema,
  unsubscribeSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
} from "@switchyard/shared";
import { readSessionCookie, type Authenticator } from "@switchyard/api";
import { taskOwner, taskReadScope, type Identity, type Revocation } from "@switchyard/core";
import type { EventHub, LiveConnection, LivePrincipal, LiveSink } from "./event-hub.js";

type SocketData = { principal?: LivePrincipal };
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface LiveAuth {
  auth: Authenticator;
  /** Dashboard sessions (the cookie sent with the handshake); absent: tokens only. */
  identity?: Identity | null;
}

/** Matches nobody: a socket that somehow has no principal is never hit by a revocation, and never authenticated either. */
const NOBODY: LivePrincipal = { tokenId: null, sessionId: null, userId: null, tasks: "none", owner: "" };

/**
 * Live task events over socket.io: the transport around the shared subscription core
 * (event-hub.ts). A client subscribes to a task or a pool; one that reconnects sends the last
 * seq it saw and first receives a gap event if the stream was trimmed past it, then what it missed.
 */
export class LiveEvents {
  constructor(
    private readonly io: LiveServer,
    private readonly hub: EventHub,
    private readonly credentials: LiveAuth,
  ) {}

  start(): void {
    this.io.use((socket, next) => {
      this.authenticate(socket).then(
        (principal) => {
          if (!principal) return next(new Error("unauthorized: pass { auth: { token } } or sign in"));
          socket.data.principal = principal;
          next();
        },
        () => next(new Error("unauthorized")),
      );
    });
    this.io.on("connection", (socket) => this.onConnection(socket));
  }

  /** Closes every live connection (sockets and SSE streams) the revoked token, session or person opened. */
  disconnect(r: Revocation): void {
    this.hub.disconnect(r);
  }

  /** A bearer token in the handshake's auth, else the dashboard's session cookie. */
  private async authenticate(socket: LiveSocket): Promise<LivePrincipal | null> {
    const token: unknown = socket.handshake.auth["token"];
    if (typeof token === "string") {
      const record = await this.credentials.auth.verify(token);
      const who = { tokenId: record.id, sessionId: null, userId: record.ownerId };
      return { ...who, tasks: taskReadScope(record.role), owner: taskOwner(who) };
    }
    // A cookie rides along on any page's request: only our own pages may use it (no cross-site socket).
    // Browsers send no Origin on a same-origin GET (socket.io's long-polling start), but they do
    // send Sec-Fetch-Site, which a page cannot forge; either must say "our own origin".
    const { origin, host } = socket.handshake.headers;
    const fetchSite = socket.handshake.headers["sec-fetch-site"];
    const sameOrigin = origin ? Boolean(host) && new URL(origin).host === host : fetchSite === "same-origin";
    if (!sameOrigin) return null;
    const secret = readSessionCookie(socket.handshake.headers.cookie);
    const active = secret && this.credentials.identity ? await this.credentials.identity.resolveSession(secret) : null;
    if (!active) return null;
    const who = { tokenId: null, sessionId: active.session.id, userId: active.user.id };
    return { ...who, tasks: taskReadScope(active.user.role), owner: taskOwner(who) };
  }

  private onConnection(socket: LiveSocket): void {
    const conn: LiveConnection = this.hub.open(socket.data.principal ?? NOBODY, () => {
      socket.disconnect(true);
    });
    const sink: LiveSink = {
      event: (ev) => socket.emit(SOCKET_EVENTS.taskEvent, ev),
      gap: (ev) => socket.emit(SOCKET_EVENTS.gap, ev),
    };
    socket.on(SOCKET_EVENTS.subscribe, (raw, ack) => {
      const reply: (r: SubscribeAck) => void = typeof ack === "function" ? ack : () => undefined;
      this.subscribe(conn, sink, raw).then(reply, (err: unknown) =>
        reply({ ok: false, error: err instanceof Error ? err.message : "subscribe failed" }),
      );
    });
    socket.on(SOCKET_EVENTS.unsubscribe, (raw, ack) => {
      const reply: (r: SubscribeAck) => void = typeof ack === "function" ? ack : () => undefined;
      const req = unsubscribeSchema.safeParse(raw);
      if (!req.success) return reply({ ok: false, error: req.error.issues[0]?.message ?? "invalid request" });
      conn.unsubscribe(req.data);
      reply({ ok: true, replayed: 0 });
    });
    socket.on("disconnect", () => conn.close());
  }

  private async subscribe(conn: LiveConnection, sink: LiveSink, raw: unknown): Promise<SubscribeAck> {
    const req = subscribeSchema.safeParse(raw);
    if (!req.success) {
      const i = req.error.issues[0];
      return { ok: false, error: `${i?.path.join(".") || "request"}: ${i?.message ?? "invalid"}` };
    }
    const { since, ...target } = req.data;
    const r = await conn.subscribe(target, since, sink);
    if (r.ok) return { ok: true, replayed: r.replayed, from: r.from };
    return r.reason === "unavailable" ? { ok: false, error: r.error, retryable: true } : { ok: false, error: r.error };
  }
}
