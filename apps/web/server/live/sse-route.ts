import type { ServerResponse } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { authorize, identify, toHttpError, type AdmissionDeps, type Credentials } from "@switchyard/api";
import { CSRF_HEADER, taskOwner, taskReadScope, type AnyOperation, type Caller } from "@switchyard/core";
import {
  MethodNotAllowedError,
  ForbiddenError,
  NotFoundError,
  poolNameSchema,
  RateLimitedError,
  seqSchema,
  ServiceUnavailableError,
  SOCKET_EVENTS,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  type FieldIssue,
} from "@switchyard/shared";
import type { EventHub, LiveSink, LiveTarget } from "./event-hub.js";
import { SseStream } from "./sse-stream.js";

export const EVENTS_PATH = "/api/v1/events";

export interface SseRouteOptions {
  hub: EventHub;
  admission: AdmissionDeps;
  onError: (err: unknown) => void;
  /** Open streams one caller (token, or person for sessions) may hold in this process; default 20. */
  maxStreamsPerCaller?: number;
  /** A comment line this often keeps proxies and clients from timing the stream out; default 15 s. */
  heartbeatMs?: number;
  /** Frames queued for a client that does not read before its stream is ended (it resumes with Last-Event-ID); default 10,000. */
  maxQueuedFrames?: number;
}

/**
 * What the gate (admission.ts `authorize`) checks for this route, in the shape of an operation:
 * a read needing `tasks:read`. Not in the registry: the route streams, so it is served here.
 */
const STREAM_EVENTS: AnyOperation = {
  name: "stream-events",
  summary: "Live task events of a task or a pool as server-sent events",
  tag: "tasks",
  input: z.object({}),
  output: z.unknown(),
  permission: "tasks:read",
  sensitive: false,
  trpc: "events.stream",
  kind: "query",
  rest: { method: "get", path: "/events" },
  run: () => Promise.reject(new Error("GET /api/v1/events is served by sse-route.ts")),
};

/** When a client refused because a pool's event stream could not be read should try again. */
const UNAVAILABLE_RETRY_S = 5;

const taskIdParam = z.string().min(1).max(100);
const QUERY_KEYS = new Set(["task", "pool", "since"]);

function credentialsOf(c: Context): Credentials {
  let address = "unknown";
  try {
    address = getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // Not served by node (tests of the app alone): no address.
  }
  return {
    authorization: c.req.header("authorization"),
    cookie: c.req.header("cookie"),
    csrf: c.req.header(CSRF_HEADER),
    address,
  };
}

/** `task=<id>` or `pool=<name>`, and where to resume: the Last-Event-ID header (EventSource's reconnects) wins over `since`. */
function parseRequest(c: Context): { target: LiveTarget; since: string | undefined } {
  const issues: FieldIssue[] = [];
  const all = c.req.queries();
  for (const [key, values] of Object.entries(all)) {
    if (!QUERY_KEYS.has(key)) issues.push({ path: key, message: "unknown query parameter" });
    else if (values.length > 1) issues.push({ path: key, message: "given more than once" });
  }
  const q = c.req.query();
  let target: LiveTarget | null = null;
  if ((q["task"] === undefined) === (q["pool"] === undefined)) {
    issues.push({ path: "task", message: "give exactly one of task=<id> or pool=<name>" });
  } else if (q["task"] !== undefined) {
    const t = taskIdParam.safeParse(q["task"]);
    if (t.success) target = { kind: "task", taskId: t.data };
    else issues.push({ path: "task", message: t.error.issues[0]?.message ?? "invalid" });
  } else {
    const p = poolNameSchema.safeParse(q["pool"]);
    if (p.success) target = { kind: "pool", pool: p.data };
    else issues.push({ path: "pool", message: p.error.issues[0]?.message ?? "invalid" });
  }
  const header = c.req.header("last-event-id")?.trim();
  const raw = header ? header : q["since"];
  let since: string | undefined;
  if (raw !== undefined) {
    const s = seqSchema.safeParse(raw);
    if (s.success) since = s.data;
    else issues.push({ path: header ? "Last-Event-ID" : "since", message: s.error.issues[0]?.message ?? "invalid" });
  }
  if (issues.length > 0 || !target) throw new ValidationError(issues);
  return { target, since };
}

/** Resolves once the response is fully written or its connection is gone. */
function responseDone(res: ServerResponse | undefined): Promise<void> {
  if (!res || res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once("finish", () => resolve());
    res.once("close", () => resolve());
  });
}

/** How long a server-side end waits for the client to take the stream's last bytes before the connection is cut. */
const END_GRACE_MS = 2_000;

/**
 * GET /api/v1/events?task=<id>|pool=<name>: the same live events as socket.io (event-hub.ts) as
 * server-sent events, for clients that cannot open WebSockets. Each task event is
 * `event: task:event`, `id: <seq>`, `data: <TaskEvent JSON>`; a resume point older than the
 * retained stream first gets `event: gap` with `{pool, requestedSince, oldestAvailable}`.
 * EventSource's automatic reconnect sends Last-Event-ID and resumes after it; a fresh stream
 * starts with a bare `id:` of its starting position so that even a reconnect before the first
 * event misses nothing. Authenticated like every API route (bearer token or session cookie,
 * `tasks:read`), counted once per connection against the caller's request limit, at most
 * `maxStreamsPerCaller` open streams per caller; a revoked credential's stream ends, and so does
 * every stream when the server shuts down.
 */
export function createSseRoute(options: SseRouteOptions): Hono<{ Bindings: HttpBindings }> {
  const { hub, admission } = options;
  const maxStreams = options.maxStreamsPerCaller ?? 20;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxQueued = options.maxQueuedFrames ?? 10_000;
  const openByCaller = new Map<string, number>();
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.onError((err, c) => {
    const mapped = toHttpError(err);
    if (mapped.status >= 500) options.onError(err);
    return c.json(mapped.body, mapped.status as 400, mapped.headers);
  });

  const release = (key: string): void => {
    const n = (openByCaller.get(key) ?? 1) - 1;
    if (n > 0) openByCaller.set(key, n);
    else openByCaller.delete(key);
  };

  app.get(EVENTS_PATH, async (c) => {
    const creds = credentialsOf(c);
    const presented = await identify(admission, creds);
    const caller: Caller | null = authorize(STREAM_EVENTS, presented, admission, creds.csrf).caller;
    if (!caller) throw new UnauthorizedError();
    const { target, since } = parseRequest(c);

    const key = `${caller.kind}:${caller.id}`;
    const open = openByCaller.get(key) ?? 0;
    if (open >= maxStreams) throw new RateLimitedError(`at most ${maxStreams} open event streams per caller; close one first`, 5);
    openByCaller.set(key, open + 1);

    const res = c.env?.outgoing as ServerResponse | undefined;
    let heartbeat: NodeJS.Timeout | null = null;
    let released = false;
    const finish = (): void => {
      if (released) return;
      released = true;
      if (heartbeat) clearInterval(heartbeat);
      conn.close();
      release(key);
    };
    const stream = new SseStream(maxQueued, () => {
      finish();
      // The body was cancelled (the client went away): its connection goes too.
      if (res && !res.writableFinished) res.destroy();
    });
    const who = { tokenId: caller.tokenId, sessionId: caller.sessionId, userId: caller.userId };
    const conn = hub.open({ ...who, tasks: taskReadScope(caller.role), owner: taskOwner(who) }, async () => {
      stream.close();
      const done = responseDone(res);
      const cut = setTimeout(() => res?.destroy(), END_GRACE_MS);
      await done;
      clearTimeout(cut);
      finish();
    });
    let sentEvent = false;
    const sink: LiveSink = {
      event: (ev) => {
        sentEvent = true;
        stream.send({ event: SOCKET_EVENTS.taskEvent, id: ev.seq, data: JSON.stringify(ev) });
      },
      gap: (ev) => stream.send({ event: SOCKET_EVENTS.gap, data: JSON.stringify(ev) }),
    };

    stream.comment("switchyard events");
    let result;
    try {
      result = await conn.subscribe(target, since, sink);
    } catch (err) {
      stream.close();
      finish();
      throw err;
    }
    if (!result.ok) {
      stream.close();
      finish();
      if (result.reason === "not-found") throw new NotFoundError(target.kind === "task" ? `task ${target.taskId}` : "pool");
      if (result.reason === "closed") throw new UnavailableError("the server is shutting down");
      if (result.reason === "forbidden") throw new ForbiddenError(result.error);
      if (result.reason === "unavailable") throw new ServiceUnavailableError("the event stream", UNAVAILABLE_RETRY_S, result.error);
      throw new ValidationError([{ path: "task", message: result.error }]);
    }
    // A reconnect before the first event resumes from here (an id without data sets EventSource's last id).
    if (!sentEvent && !since) stream.idOnly(result.from);
    heartbeat = setInterval(() => stream.comment("heartbeat"), heartbeatMs);
    heartbeat.unref();
    res?.once("close", finish);

    return new Response(stream.body, {
      status: 200,
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        // Proxies that buffer (nginx) pass each frame at once.
        "X-Accel-Buffering": "no",
      },
    });
  });

  app.on(["POST", "PUT", "PATCH", "DELETE"], EVENTS_PATH, (c) => {
    throw new MethodNotAllowedError(c.req.method, EVENTS_PATH, ["get"]);
  });
  return app;
}
