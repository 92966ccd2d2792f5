import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SOCKET_EVENTS, type SubscribeAck, type TaskView } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

/**
 * Submitters read only the tasks they submitted: in lists, one by one, in the dead letters and
 * on the live streams (socket.io and SSE). Viewers and up read every task. Someone else's task
 * is "not found" to a submitter, so ids cannot be probed.
 */
let p: TestPlatform;
let alice: string;
let bob: string;
let viewer: string;
const ids: Record<"alice" | "aliceDead" | "bob", string> = { alice: "", aliceDead: "", bob: "" };

async function token(name: string, role: string): Promise<string> {
  const res = await p.api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name, role }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function submit(as: string, body: unknown): Promise<string> {
  const res = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify(body), token: as });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function listIds(as: string, path: string): Promise<string[]> {
  const res = await p.api(path, { token: as });
  expect(res.status, path).toBe(200);
  return ((await res.json()) as { items: TaskView[] }).items.map((t) => t.id);
}

function connect(as: string): Promise<Socket> {
  const socket = io(p.url, { auth: { token: as }, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.on("connect", () => resolve(socket));
    socket.on("connect_error", reject);
  });
}

function subscribe(socket: Socket, req: unknown): Promise<SubscribeAck> {
  return new Promise((resolve) => socket.emit(SOCKET_EVENTS.subscribe, req, resolve));
}

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 } });
  [alice, bob, viewer] = [await token("alice", "submitter"), await token("bob", "submitter"), await token("eve", "viewer")];
  ids.alice = await submit(alice, { type: "diagnostic.noop", pool: "maintenance" });
  // One attempt allowed and five failures to come: dead on its first attempt.
  ids.aliceDead = await submit(alice, { type: "diagnostic.flaky", payload: { failTimes: 5 }, maxAttempts: 1 });
  ids.bob = await submit(bob, { type: "diagnostic.noop", pool: "maintenance" });
  await p.startWorker();
  // Lists come from the history (written in batches), so wait for it there, not in Redis.
  await eventually(async () => {
    const res = await p.api("/api/v1/tasks?limit=10");
    const status = new Map(((await res.json()) as { items: TaskView[] }).items.map((t) => [t.id, t.status]));
    return status.get(ids.aliceDead) === "dead" && status.get(ids.bob) === "completed" && status.get(ids.alice) === "completed";
  }, 60_000, "tasks finished in the history");
});
afterAll(async () => {
  await p?.close();
});

describe("a submitter's own tasks", () => {
  it("lists, gets and sees in the dead letters only its own; others' answer 404", async () => {
    expect((await listIds(alice, "/api/v1/tasks")).sort()).toEqual([ids.alice, ids.aliceDead].sort());
    expect(await listIds(bob, "/api/v1/tasks")).toEqual([ids.bob]);
    expect(await listIds(alice, "/api/v1/dead-letters")).toEqual([ids.aliceDead]);
    expect(await listIds(bob, "/api/v1/dead-letters")).toEqual([]);

    const own = await p.api(`/api/v1/tasks/${ids.alice}`, { token: alice });
    expect(own.status).toBe(200);
    expect(((await own.json()) as TaskView).submittedBy).toMatch(/^token:/);
    const others = await p.api(`/api/v1/tasks/${ids.bob}`, { token: alice });
    expect(others.status).toBe(404);
    // The same answer as for an id that never existed.
    const never = await p.api(`/api/v1/tasks/${ids.bob.slice(0, -2)}zz`, { token: alice });
    expect(never.status).toBe(404);
  });

  it("a batch is its submitter's too: another submitter gets 404 and does not list it; a viewer does", async () => {
    const res = await p.api("/api/v1/batches/scrape", { method: "POST", body: JSON.stringify({ urls: ["http://127.0.0.1:9/never"] }), token: alice });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await p.api(`/api/v1/batches/${id}`, { token: alice })).status).toBe(200);
    expect((await p.api(`/api/v1/batches/${id}`, { token: bob })).status).toBe(404);
    // Lists come from the history, written in batches.
    await eventually(async () => (await listIds(alice, "/api/v1/batches")).includes(id), 20_000, "the batch in the history");
    expect(await listIds(alice, "/api/v1/batches")).toEqual([id]);
    expect(await listIds(bob, "/api/v1/batches")).toEqual([]);
    expect(await listIds(viewer, "/api/v1/batches")).toContain(id);
    // Cancelling is for operators, not submitters.
    expect((await p.api(`/api/v1/batches/${id}/cancel`, { method: "POST", token: alice })).status).toBe(403);
  });

  it("a viewer reads every task, each with who submitted it", async () => {
    const all = await listIds(viewer, "/api/v1/tasks");
    expect(all).toEqual(expect.arrayContaining([ids.alice, ids.aliceDead, ids.bob]));
    const a = (await (await p.api(`/api/v1/tasks/${ids.alice}`, { token: viewer })).json()) as TaskView;
    const b = (await (await p.api(`/api/v1/tasks/${ids.bob}`, { token: viewer })).json()) as TaskView;
    expect(a.submittedBy).not.toBe(b.submittedBy);
  });

  it("a retried task stays its submitter's", async () => {
    const res = await p.api(`/api/v1/tasks/${ids.aliceDead}/retry`, { method: "POST", token: await token("ops", "operator") });
    expect(res.status).toBe(202);
    await eventually(async () => ((await (await p.api(`/api/v1/tasks/${ids.aliceDead}`)).json()) as TaskView).status !== "queued", 30_000, "retry ran");
    expect((await p.api(`/api/v1/tasks/${ids.aliceDead}`, { token: alice })).status).toBe(200);
    expect((await p.api(`/api/v1/tasks/${ids.aliceDead}`, { token: bob })).status).toBe(404);
  });

  it("follows its own tasks on socket.io, never another's task or a whole pool", async () => {
    const socket = await connect(alice);
    try {
      expect(await subscribe(socket, { kind: "task", taskId: ids.alice })).toMatchObject({ ok: true });
      expect(await subscribe(socket, { kind: "task", taskId: ids.bob })).toEqual({ ok: false, error: expect.stringMatching(/not found/) });
      expect(await subscribe(socket, { kind: "pool", pool: "maintenance" })).toEqual({ ok: false, error: expect.stringMatching(/submitter/) });
    } finally {
      socket.close();
    }
    const watcher = await connect(viewer);
    try {
      expect(await subscribe(watcher, { kind: "task", taskId: ids.bob })).toMatchObject({ ok: true });
      expect(await subscribe(watcher, { kind: "pool", pool: "maintenance" })).toMatchObject({ ok: true });
    } finally {
      watcher.close();
    }
  });

  it("on SSE: another's task is 404 and a pool 403", async () => {
    const others = await p.api(`/api/v1/events?task=${ids.bob}`, { token: alice });
    expect(others.status).toBe(404);
    await others.body?.cancel();
    const pool = await p.api("/api/v1/events?pool=maintenance", { token: alice });
    expect(pool.status).toBe(403);
    await pool.body?.cancel();
  });
});
