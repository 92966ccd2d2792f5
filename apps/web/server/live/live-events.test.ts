import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import {
  taskEventSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type Subscribe,
  type SubscribeAck,
  type TaskEvent,
} from "@switchyard/shared";
import { readEventsSince } from "@switchyard/queue";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { compareSeq } from "./seq.js";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  await p.startWorker({ poolNames: ["batch"] });
});
afterAll(async () => {
  await p?.close();
});

function connect(token: string): Client {
  return io(p.url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
}

function subscribe(socket: Client, req: Subscribe): Promise<SubscribeAck> {
  return new Promise((resolve) => socket.emit("subscribe", req, resolve));
}

function collect(socket: Client): TaskEvent[] {
  const out: TaskEvent[] = [];
  // Validated on the client side too.
  socket.on("task:event", (ev) => out.push(taskEventSchema.parse(ev)));
  return out;
}

async function submitSleep(ms: number): Promise<string> {
  const res = await p.api("/api/v1/tasks", {
    method: "POST",
    body: JSON.stringify({ type: "diagnostic.sleep", payload: { ms } }),
  });
  return ((await res.json()) as { id: string }).id;
}

describe("live events over socket.io", () => {
  it("refuses a connection without a valid token", async () => {
    const socket = connect("sy_wrong");
    const err = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
    expect(err.message).toMatch(/unauthorized/);
    socket.close();
  });

  it("streams a task's progress in order and resumes after a reconnect", async () => {
    const id = await submitSleep(1_600);
    const first = connect(p.token);
    const seen = collect(first);
    expect(await subscribe(first, { kind: "task", taskId: id })).toEqual({ ok: true, replayed: 0, from: expect.stringMatching(/^\d+-\d+$/) });
    // Drop the connection after the first progress event.
    await eventually(async () => seen.some((e) => e.kind === "progress"), 10_000, "first progress");
    first.close();
    const lastSeq = seen[seen.length - 1]!.seq;

    await eventually(async () => {
      const t = (await (await p.api(`/api/v1/tasks/${id}`)).json()) as { status: string };
      return t.status === "completed";
    });

    const second = connect(p.token);
    const replayed = collect(second);
    const ack = await subscribe(second, { kind: "task", taskId: id, since: lastSeq });
    expect(ack.ok).toBe(true);
    await eventually(async () => replayed.some((e) => e.kind === "completed"), 10_000, "replayed completion");
    second.close();

    const all = [...seen, ...replayed];
    // Strictly increasing sequence numbers: in order, nothing twice.
    for (let i = 1; i < all.length; i++) expect(compareSeq(all[i]!.seq, all[i - 1]!.seq)).toBeGreaterThan(0);
    expect(all.every((e) => e.taskId === id)).toBe(true);
    // Nothing missed: exactly the task's events in the stream after the subscription point.
    const stream = await readEventsSince(p.web.platform.redis, p.prefix, "batch", "0-0", "+", id);
    const fromFirst = stream.filter((e) => compareSeq(e.seq, all[0]!.seq) >= 0);
    expect(all.map((e) => e.seq)).toEqual(fromFirst.map((e) => e.seq));
    expect(all.filter((e) => e.kind === "progress").map((e) => e.progress?.percent)).toEqual(
      fromFirst.filter((e) => e.kind === "progress").map((e) => e.progress?.percent),
    );
    expect(replayed.length).toBeGreaterThan(1);
    expect(all.at(-1)?.kind).toBe("completed");
  });

  it("names where a subscription starts, so a client that saw no event yet loses nothing across a reconnect", async () => {
    const first = connect(p.token);
    const before = collect(first);
    const ack = await subscribe(first, { kind: "pool", pool: "batch" });
    if (!ack.ok) throw new Error(ack.error);
    const from = ack.from;
    expect(from).toMatch(/^\d+-\d+$/);
    // Gone before any event arrived; tasks run while it is away.
    first.close();
    const ids = await Promise.all([submitSleep(10), submitSleep(10)]);
    await eventually(async () => {
      const states = await Promise.all(ids.map(async (id) => ((await (await p.api(`/api/v1/tasks/${id}`)).json()) as { status: string }).status));
      return states.every((s) => s === "completed");
    });
    expect(before).toEqual([]);

    const second = connect(p.token);
    const replayed = collect(second);
    const again = await subscribe(second, { kind: "pool", pool: "batch", since: from! });
    expect(again).toMatchObject({ ok: true, from });
    for (const id of ids) {
      expect(replayed.filter((e) => e.taskId === id).map((e) => e.kind)).toEqual(["queued", "active", "completed"]);
    }
    second.close();
  });

  it("streams a pool's events with sequence numbers", async () => {
    const socket = connect(p.token);
    const seen = collect(socket);
    expect((await subscribe(socket, { kind: "pool", pool: "batch" })).ok).toBe(true);
    const ids = await Promise.all([submitSleep(10), submitSleep(10), submitSleep(10)]);
    await eventually(async () => ids.every((id) => seen.some((e) => e.taskId === id && e.kind === "completed")));
    for (let i = 1; i < seen.length; i++) expect(compareSeq(seen[i]!.seq, seen[i - 1]!.seq)).toBeGreaterThan(0);
    expect(new Set(seen.map((e) => e.kind))).toEqual(new Set(["queued", "active", "completed"]));
    const bad = await subscribe(socket, { kind: "pool", pool: "nope" } as unknown as Subscribe);
    expect(bad.ok).toBe(false);
    socket.close();
  });
});
