import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Authenticator, createRateLimiter } from "@switchyard/api";
import { io, type Socket } from "socket.io-client";
import {
  gapEventSchema,
  taskEventSchema,
  type ClientToServerEvents,
  type GapEvent,
  type ServerToClientEvents,
  type SubscribeAck,
  type TaskEvent,
} from "@switchyard/shared";
import { eventsKey, readEventsSince } from "@switchyard/queue";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { EventHub } from "./event-hub.js";
import { compareSeq } from "./seq.js";
import { createSseRoute } from "./sse-route.js";
import { SseClient, type SseMessage } from "./test-sse-client.js";

let p: TestPlatform;
const open: SseClient[] = [];

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  await p.startWorker({ poolNames: ["batch", "maintenance"] });
});
afterAll(async () => {
  for (const c of open) c.close();
  await p?.close();
});

async function stream(query: string, headers: Record<string, string> = {}, token: string | null = p.token): Promise<SseClient> {
  const { status, body, client } = await SseClient.open(`${p.url}/api/v1/events?${query}`, {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...headers,
  });
  if (!client) throw new Error(`stream refused: ${status} ${body}`);
  open.push(client);
  return client;
}

function refusal(query: string, init: RequestInit = {}, token: string | null = p.token): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(`${p.url}/api/v1/events?${query}`, { ...init, headers });
}

function taskEvents(c: SseClient): TaskEvent[] {
  // Validated on the client side, as socket.io clients do.
  return c.events("task:event").map((m) => {
    const ev = taskEventSchema.parse(JSON.parse(m.data));
    expect(m.id).toBe(ev.seq);
    return ev;
  });
}

async function submitSleep(ms: number, pool = "batch"): Promise<string> {
  const res = await p.api("/api/v1/tasks", {
    method: "POST",
    body: JSON.stringify({ type: "diagnostic.sleep", pool, payload: { ms } }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function statusOf(id: string): Promise<string> {
  return ((await (await p.api(`/api/v1/tasks/${id}`)).json()) as { status: string }).status;
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
function socket(): Client {
  return io(p.url, { auth: { token: p.token }, transports: ["websocket"], reconnection: false, forceNew: true });
}

describe("GET /api/v1/events (server-sent events)", () => {
  it("refuses what every API route refuses, and what it cannot serve", async () => {
    const none = await refusal("pool=batch", {}, null);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect((await refusal("pool=batch", {}, "sy_wrong")).status).toBe(401);
    expect((await refusal("pool=batch&task=x")).status).toBe(400);
    expect((await refusal("")).status).toBe(400);
    expect((await refusal("pool=nope")).status).toBe(400);
    expect((await refusal("pool=batch&zz=1")).status).toBe(400);
    expect((await refusal("pool=batch&pool=rag")).status).toBe(400);
    expect((await refusal("pool=batch", { headers: { "last-event-id": "yesterday" } })).status).toBe(400);
    expect((await refusal("task=0000000000000000000000")).status).toBe(404);
    const post = await refusal("pool=batch", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });

  it("streams a task's progress in order, with the same sequence numbers as socket.io", async () => {
    const id = await submitSleep(1_600);
    const sock = socket();
    const viaSocket: TaskEvent[] = [];
    sock.on("task:event", (ev) => viaSocket.push(taskEventSchema.parse(ev)));
    const ack = await new Promise<SubscribeAck>((resolve) => sock.emit("subscribe", { kind: "task", taskId: id }, resolve));
    expect(ack.ok).toBe(true);
    const sse = await stream(`task=${id}`);
    expect(sse.response.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(sse.response.headers["cache-control"]).toBe("no-store");

    await eventually(async () => taskEvents(sse).some((e) => e.kind === "completed"), 20_000, "completion over SSE");
    await eventually(async () => viaSocket.some((e) => e.kind === "completed"), 20_000, "completion over socket.io");
    sock.close();
    const viaSse = taskEvents(sse);
    for (let i = 1; i < viaSse.length; i++) expect(compareSeq(viaSse[i]!.seq, viaSse[i - 1]!.seq)).toBeGreaterThan(0);
    expect(viaSse.every((e) => e.taskId === id)).toBe(true);
    expect(viaSse.filter((e) => e.kind === "progress").length).toBeGreaterThan(1);
    expect(viaSse.at(-1)?.kind).toBe("completed");
    // Exactly the stream's events for the task from the first one seen: nothing missed, nothing twice.
    const stored = await readEventsSince(p.web.platform.redis, p.prefix, "batch", "0-0", "+", id);
    expect(viaSse.map((e) => e.seq)).toEqual(stored.filter((e) => compareSeq(e.seq, viaSse[0]!.seq) >= 0).map((e) => e.seq));
    // socket.io subscribed first: the SSE events are its tail, seq for seq, event for event.
    const tail = viaSocket.filter((e) => compareSeq(e.seq, viaSse[0]!.seq) >= 0);
    expect(viaSse).toEqual(tail);
    // The stream stays open after the task finished (a pool may have more): the client closes it.
    sse.close();

    // Resume with Last-Event-ID (what EventSource sends on reconnect): only the later events.
    const from = viaSse.find((e) => e.kind === "progress")!;
    const resumed = await stream(`task=${id}`, { "last-event-id": from.seq });
    const expected = viaSse.filter((e) => compareSeq(e.seq, from.seq) > 0);
    await eventually(async () => taskEvents(resumed).length >= expected.length, 10_000, "replay");
    expect(taskEvents(resumed)).toEqual(expected);
    expect(resumed.events("gap")).toEqual([]);
    // `since` in the query does the same; the header wins over it.
    const bySince = await stream(`task=${id}&since=${from.seq}`);
    await eventually(async () => taskEvents(bySince).length >= expected.length, 10_000, "replay by since");
    expect(taskEvents(bySince)).toEqual(expected);
    const both = await stream(`task=${id}&since=0-0`, { "last-event-id": viaSse.at(-2)!.seq });
    await eventually(async () => taskEvents(both).length >= 1, 10_000, "replay by header");
    expect(taskEvents(both)).toEqual([viaSse.at(-1)]);
    for (const c of [resumed, bySince, both]) c.close();
  });

  it("a fresh stream carries its starting position, so a reconnect before any event misses nothing", async () => {
    const sse = await stream("pool=maintenance");
    await eventually(async () => sse.lastEventId !== undefined, 10_000, "starting id");
    const start = sse.lastEventId!;
    expect(sse.messages).toEqual([]);
    sse.close();
    // Events while no stream is open...
    const id = await submitSleep(10, "maintenance");
    await eventually(async () => (await statusOf(id)) === "completed");
    // ...are replayed to the reconnect that sends the id it was given.
    const again = await stream("pool=maintenance", { "last-event-id": start });
    await eventually(async () => taskEvents(again).some((e) => e.taskId === id && e.kind === "completed"), 10_000, "replayed completion");
    expect(taskEvents(again).filter((e) => e.taskId === id).map((e) => e.kind)).toEqual(["queued", "active", "completed"]);
    again.close();
  });

  it("a resume point older than the retained stream gets a gap event first, on SSE and socket.io alike", async () => {
    const ids = [await submitSleep(10, "maintenance"), await submitSleep(10, "maintenance"), await submitSleep(10, "maintenance")];
    await eventually(async () => (await Promise.all(ids.map(statusOf))).every((s) => s === "completed"));
    const key = eventsKey(p.prefix, "maintenance");
    const [first] = (await p.web.platform.redis.xrange(key, "-", "+", "COUNT", 1)) as Array<[string, string[]]>;
    const requestedSince = first![0];
    // What BullMQ does past opts.maxLenEvents, done here: keep only the newest 4 entries.
    await p.web.platform.redis.xtrim(key, "MAXLEN", 4);
    const kept = (await p.web.platform.redis.xrange(key, "-", "+")) as Array<[string, string[]]>;
    const oldestAvailable = kept[0]![0];
    const want: GapEvent = { pool: "maintenance", requestedSince, oldestAvailable };
    const retained = await readEventsSince(p.web.platform.redis, p.prefix, "maintenance", requestedSince, "+");

    const sse = await stream("pool=maintenance", { "last-event-id": requestedSince });
    await eventually(async () => sse.messages.length >= 1 + retained.length, 10_000, "gap and replay");
    expect(sse.messages[0]!.event).toBe("gap");
    expect(sse.messages[0]!.id).toBeUndefined();
    expect(gapEventSchema.parse(JSON.parse(sse.messages[0]!.data))).toEqual(want);
    // Then what is still there, nothing older than the oldest retained entry.
    const replayed = taskEvents(sse);
    expect(replayed).toEqual(retained);
    expect(replayed.every((e) => compareSeq(e.seq, oldestAvailable) >= 0)).toBe(true);
    expect(sse.messages.slice(1).every((m: SseMessage) => m.event === "task:event")).toBe(true);
    sse.close();

    // A resume point inside the retained stream: no gap.
    const inside = await stream("pool=maintenance", { "last-event-id": oldestAvailable });
    await eventually(async () => inside.comments.length > 0, 10_000, "open");
    const sock = socket();
    const order: Array<{ name: "gap"; ev: GapEvent } | { name: "task:event"; ev: TaskEvent }> = [];
    sock.on("gap", (ev) => order.push({ name: "gap", ev: gapEventSchema.parse(ev) }));
    sock.on("task:event", (ev) => order.push({ name: "task:event", ev: taskEventSchema.parse(ev) }));
    const ack = await new Promise<SubscribeAck>((resolve) => sock.emit("subscribe", { kind: "pool", pool: "maintenance", since: requestedSince }, resolve));
    expect(ack).toEqual({ ok: true, replayed: replayed.length, from: requestedSince });
    expect(order[0]).toEqual({ name: "gap", ev: want });
    expect(order.slice(1).map((o) => o.name)).toEqual(replayed.map(() => "task:event"));
    expect(order.slice(1).map((o) => o.ev)).toEqual(replayed);
    // A task subscription names its task in the gap.
    const taskGap = await new Promise<GapEvent>((resolve) => {
      sock.once("gap", resolve);
      sock.emit("subscribe", { kind: "task", taskId: ids[2]!, since: requestedSince }, () => undefined);
    });
    expect(taskGap).toEqual({ ...want, taskId: ids[2] });
    sock.close();
    expect(inside.events("gap")).toEqual([]);
    inside.close();
  });

  it("a pool whose event stream cannot be read is refused as unavailable (503, Retry-After) on SSE and socket.io, and served once it can", async () => {
    const key = eventsKey(p.prefix, "ingest");
    // A key of the wrong type makes every read of the stream fail (WRONGTYPE), as a failing Redis would.
    await p.web.platform.redis.set(key, "not a stream");
    try {
      const refused = await refusal("pool=ingest");
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      const text = await refused.text();
      expect(text).toContain("pool ingest cannot be read");
      // Redis's own words (key names, internals) stay in the server's log.
      expect(text).not.toMatch(/WRONGTYPE|not a stream|:\{?ingest/);

      const sock = socket();
      const ack = await new Promise<SubscribeAck>((resolve) => sock.emit("subscribe", { kind: "pool", pool: "ingest" }, resolve));
      expect(ack.ok).toBe(false);
      expect(!ack.ok && ack.error).toContain("pool ingest cannot be read");
      expect(!ack.ok && ack.error).not.toContain("WRONGTYPE");
      expect(!ack.ok && ack.retryable).toBe(true);
      sock.close();
    } finally {
      await p.web.platform.redis.del(key);
    }
    // The failed tries held nothing: the same requests now succeed, and events flow.
    const sse = await stream("pool=ingest");
    await eventually(async () => sse.lastEventId !== undefined, 10_000, "starting id");
    const id = await submitSleep(10, "ingest");
    await eventually(async () => taskEvents(sse).some((e) => e.taskId === id && e.kind === "queued"), 10_000, "queued event");
    sse.close();
  });

  it("ends a revoked token's stream, and refuses its reconnect", async () => {
    const created = (await (
      await p.api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "sse", role: "viewer" }) })
    ).json()) as { id: string; token: string };
    const sse = await stream("pool=batch", {}, created.token);
    const other = await stream("pool=batch");
    await eventually(async () => sse.comments.length > 0, 10_000, "open");
    expect((await p.api(`/api/v1/tokens/${created.id}`, { method: "DELETE" })).status).toBe(200);
    expect(await sse.ended).toBe("end");
    expect((await refusal("pool=batch", {}, created.token)).status).toBe(401);
    // Other callers' streams stay open: one more event still reaches them.
    const id = await submitSleep(10);
    await eventually(async () => taskEvents(other).some((e) => e.taskId === id && e.kind === "completed"), 10_000, "other stream");
    other.close();
  });

  it("allows at most 20 open streams per caller", async () => {
    const created = (await (
      await p.api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "many", role: "viewer" }) })
    ).json()) as { id: string; token: string };
    const streams: SseClient[] = [];
    for (let i = 0; i < 20; i++) streams.push(await stream("pool=batch", {}, created.token));
    const over = await refusal("pool=batch", {}, created.token);
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).not.toBeNull();
    // Another caller is not affected.
    const mine = await stream("pool=batch");
    mine.close();
    // Closing one frees its place.
    streams.pop()!.close();
    const again = await eventually(async () => (await SseClient.open(`${p.url}/api/v1/events?pool=batch`, { authorization: `Bearer ${created.token}` })).client ?? undefined, 10_000, "a free place");
    again.close();
    for (const s of streams) s.close();
  });
});

describe("GET /api/v1/events on shutdown", () => {
  it("ends open streams cleanly when the server closes", async () => {
    const q = await startTestPlatform({ redisUrl: inject("redisUrl") });
    let closed = false;
    try {
      const { client } = await SseClient.open(`${q.url}/api/v1/events?pool=batch`, { authorization: `Bearer ${q.token}` });
      expect(client).not.toBeNull();
      await eventually(async () => client!.comments.length > 0, 10_000, "open");
      await q.close();
      closed = true;
      expect(await client!.ended).toBe("end");
    } finally {
      if (!closed) await q.close();
    }
  });
});

describe("GET /api/v1/events heartbeats", () => {
  it("sends a comment line every heartbeat interval while nothing happens", async () => {
    // The route alone, with a short interval (the web process uses 15 s).
    const db = await p.openDb();
    const hub = new EventHub(p.web.platform, p.redisUrl, () => undefined);
    await hub.start();
    const app = createSseRoute({
      hub,
      admission: { auth: new Authenticator(db), rateLimiter: createRateLimiter(p.web.platform.redis, p.prefix, { requests: 0, windowSeconds: 1 }) },
      onError: () => undefined,
      heartbeatMs: 50,
    });
    const server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const { client } = await SseClient.open(`http://127.0.0.1:${port}/api/v1/events?pool=rag`, { authorization: `Bearer ${p.token}` });
      await eventually(async () => client!.comments.filter((c) => c === "heartbeat").length >= 3, 10_000, "heartbeats");
      expect(client!.messages).toEqual([]);
      await hub.stop();
      expect(await client!.ended).toBe("end");
    } finally {
      await hub.stop();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
