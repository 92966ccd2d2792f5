import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  await p?.close();
});

interface ErrorBody {
  error: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
}

describe("REST API", () => {
  it("refuses requests without a token, or with an unknown one, with 401", async () => {
    for (const [path, init] of [
      ["/api/v1/pools", {}],
      ["/api/v1/tasks", {}],
      ["/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) }],
      ["/api/v1/tasks/bulk", { method: "POST", body: "{}" }],
      ["/api/v1/tasks/00000000-0000-7000-8000-000000000000", {}],
      ["/api/trpc/pools.list", {}],
    ] as const) {
      const none = await p.api(path, { ...init, token: null });
      expect(none.status, `${path} without token`).toBe(401);
      const wrong = await p.api(path, { ...init, token: "sy_not-a-real-token" });
      expect(wrong.status, `${path} with unknown token`).toBe(401);
    }
    const body = (await (await p.api("/api/v1/pools", { token: null })).json()) as ErrorBody;
    expect(body.error.code).toBe("UNAUTHORIZED");
  });

  it("serves health without a token", async () => {
    const res = await p.api("/api/v1/health", { token: null });
    const body = (await res.json()) as { redis: { status: string }; database: { status: string }; workers: { count: number } };
    expect(body.redis.status).toBe("up");
    expect(body.database.status).toBe("up");
    // No worker yet: the platform reports itself down.
    expect(res.status).toBe(503);
    expect(body.workers.count).toBe(0);
  });

  it("rejects a bad payload with 400 naming the field path", async () => {
    const res = await p.api("/api/v1/tasks", {
      method: "POST",
      body: JSON.stringify({ type: "diagnostic.sleep", payload: { ms: "soon" } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.issues?.[0]?.path).toBe("payload.ms");
    expect(body.error.message).toContain("payload.ms");
  });

  it("rejects malformed JSON with 400 and oversized bodies with 413", async () => {
    const bad = await p.api("/api/v1/tasks", { method: "POST", body: '{"type": "diagnostic.noop",' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/malformed JSON/);
    const huge = await p.api("/api/v1/tasks", {
      method: "POST",
      body: JSON.stringify({ type: "diagnostic.noop", payload: { x: "a".repeat(1024 * 1024 + 10) } }),
    });
    expect(huge.status).toBe(413);
  });

  it("accepts a task with 202 and serves it by id; 404 for an unknown id", async () => {
    const res = await p.api("/api/v1/tasks", {
      method: "POST",
      body: JSON.stringify({ type: "diagnostic.noop", priority: "high" }),
    });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { id: string; status: string; pool: string; priority: string };
    expect(created).toMatchObject({ status: "queued", pool: "batch", priority: "high" });
    const got = await p.api(`/api/v1/tasks/${created.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: created.id, type: "diagnostic.noop", status: "queued", attempts: 0 });
    const missing = await p.api("/api/v1/tasks/01890000-0000-7000-8000-000000000000");
    expect(missing.status).toBe(404);
  });

  it("accepts bulk submissions all or nothing", async () => {
    const tasks = Array.from({ length: 300 }, (_, i) => ({ type: "diagnostic.noop", priority: i % 2 ? "low" : "bulk" }));
    const ok = await p.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
    expect(ok.status).toBe(202);
    const { ids } = (await ok.json()) as { ids: string[] };
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);

    const before = (await (await p.api("/api/v1/pools")).json()) as { pools: Array<{ name: string; counts: { waiting: number } }> };
    const bad = await p.api("/api/v1/tasks/bulk", {
      method: "POST",
      body: JSON.stringify({ tasks: [...tasks.slice(0, 5), { type: "diagnostic.sleep", payload: {} }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.issues?.[0]?.path).toBe("tasks.5.payload.ms");
    const after = (await (await p.api("/api/v1/pools")).json()) as typeof before;
    const waiting = (x: typeof before) => x.pools.find((q) => q.name === "batch")?.counts.waiting;
    expect(waiting(after)).toBe(waiting(before));

    const tooMany = await p.api("/api/v1/tasks/bulk", {
      method: "POST",
      body: JSON.stringify({ tasks: Array.from({ length: 1001 }, () => ({ type: "diagnostic.noop" })) }),
    });
    expect(tooMany.status).toBe(400);
  });

  it("lists pools with config and per-priority waiting counts", async () => {
    const res = await p.api("/api/v1/pools");
    expect(res.status).toBe(200);
    const { pools } = (await res.json()) as {
      pools: Array<{ name: string; config: { concurrency: number }; counts: { waitingByPriority: Record<string, number> } }>;
    };
    expect(pools.map((x) => x.name)).toEqual(["rag", "scrape", "embed", "ingest", "batch", "maintenance"]);
    expect(pools.find((x) => x.name === "rag")?.config.concurrency).toBe(10);
    const batch = pools.find((x) => x.name === "batch");
    expect(batch?.counts.waitingByPriority.low).toBe(150);
    expect(batch?.counts.waitingByPriority.bulk).toBe(150);
  });

  it("lists tasks newest first with a cursor, filtered", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    await eventually(async () => {
      const r = (await (await p.api("/api/v1/tasks?type=diagnostic.noop&limit=500")).json()) as { items: unknown[] };
      return r.items.length >= 301;
    });
    do {
      const q: string = `/api/v1/tasks?type=diagnostic.noop&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = (await (await p.api(q)).json()) as { items: Array<{ id: string; createdAt: string }>; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(301);
    expect(new Set(seen).size).toBe(301);
    expect([...seen].sort().reverse()).toEqual(seen);
    const bad = await p.api("/api/v1/tasks?status=sleeping");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.issues?.[0]?.path).toBe("status");
  });

  it("serves the same data over tRPC", async () => {
    const res = await p.api("/api/trpc/pools.list");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { pools: Array<{ name: string }> } } };
    expect(body.result.data.pools).toHaveLength(6);
    const bad = await p.api("/api/trpc/tasks.submit", {
      method: "POST",
      body: JSON.stringify({ type: "diagnostic.sleep", payload: { ms: -1 } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("payload.ms");
  });
});
