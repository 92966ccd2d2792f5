import { afterEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_POOLS } from "@switchyard/shared";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

let p: TestPlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

type Json = Record<string, unknown>;
const json = (r: Response) => r.json() as Promise<Json>;

describe("idempotency", () => {
  it("1,000 concurrent submissions with one Idempotency-Key create exactly one task", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    const body = JSON.stringify({ type: "diagnostic.sleep", payload: { ms: 10 } });
    const responses = await Promise.all(
      Array.from({ length: 1_000 }, () =>
        p!.api("/api/v1/tasks", { method: "POST", body, headers: { "idempotency-key": "order-42" } }),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 202)).toEqual([]);
    const bodies = (await Promise.all(responses.map(json))) as Array<{ id: string; replayed: boolean }>;
    const ids = new Set(bodies.map((b) => b.id));
    expect(ids.size).toBe(1);
    expect(bodies.filter((b) => !b.replayed)).toHaveLength(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(999);
    // Exactly one job in Redis and one row in the history.
    expect(await p.web.platform.queue("batch").count()).toBe(1);
    await p.web.platform.history.flush();
    const db = await p.openDb();
    expect((await db.tasks.list({ limit: 10 })).items).toHaveLength(1);
  });

  it("the body's idempotencyKey works too; reusing a key with another body is a 409; keys are per token", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      p!.api("/api/v1/tasks", { method: "POST", body: JSON.stringify(body), headers });
    const a = (await json(await post({ type: "diagnostic.noop", idempotencyKey: "k1" }))) as { id: string };
    const b = (await json(await post({ type: "diagnostic.noop", idempotencyKey: "k1" }))) as { id: string };
    expect(b.id).toBe(a.id);
    const other = await post({ type: "diagnostic.sleep", payload: { ms: 1 }, idempotencyKey: "k1" });
    expect(other.status).toBe(409);
    expect(((await json(other)) as { error: { message: string } }).error.message).toMatch(/different request/);
    const mismatch = await post({ type: "diagnostic.noop", idempotencyKey: "k1" }, { "idempotency-key": "k2" });
    expect(mismatch.status).toBe(400);
    const badHeader = await post({ type: "diagnostic.noop" }, { "idempotency-key": "has space" });
    expect(badHeader.status).toBe(400);
    expect(((await json(badHeader)) as { error: { issues: Array<{ path: string }> } }).error.issues[0]?.path).toBe(
      "Idempotency-Key",
    );
    // A bulk submission replays its ids too.
    const bulk = JSON.stringify({ tasks: [{ type: "diagnostic.noop" }, { type: "diagnostic.noop" }] });
    const h = { "idempotency-key": "bulk-1" };
    const b1 = (await json(await p.api("/api/v1/tasks/bulk", { method: "POST", body: bulk, headers: h }))) as { ids: string[] };
    const b2 = (await json(await p.api("/api/v1/tasks/bulk", { method: "POST", body: bulk, headers: h }))) as {
      ids: string[];
      replayed: boolean;
    };
    expect(b2).toEqual({ ids: b1.ids, replayed: true });
    expect(await p.web.platform.queue("batch").count()).toBe(3);
  });
});

describe("backpressure", () => {
  it("refuses submissions past a pool's maximum depth with 429 + Retry-After, all or nothing", async () => {
    p = await startTestPlatform({
      redisUrl: inject("redisUrl"),
      pools: { ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, maxDepth: 5 } },
    });
    const bulk = (n: number) =>
      p!.api("/api/v1/tasks/bulk", {
        method: "POST",
        body: JSON.stringify({ tasks: Array.from({ length: n }, () => ({ type: "diagnostic.noop" })) }),
      });
    expect((await bulk(4)).status).toBe(202);
    const over = await bulk(2);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const err = (await json(over)) as { error: { code: string; message: string } };
    expect(err.error.code).toBe("RATE_LIMITED");
    expect(err.error.message).toMatch(/pool batch is full/);
    // Nothing of the refused bulk was enqueued.
    expect(await p.web.platform.queue("batch").count()).toBe(4);
    const one = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) });
    expect(one.status).toBe(202);
    const sixth = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) });
    expect(sixth.status).toBe(429);
    expect(await p.web.platform.queue("batch").count()).toBe(5);
    // Other pools are not affected.
    const rag = await p.api("/api/v1/tasks", {
      method: "POST",
      body: JSON.stringify({ type: "diagnostic.noop", pool: "rag" }),
    });
    expect(rag.status).toBe(202);
  });

  it("limits each token's request rate with 429 + Retry-After", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 20, windowSeconds: 30 } });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await p.api("/api/v1/pools")).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const limited = await p.api("/api/v1/pools");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Health needs no token and is never limited.
    expect([200, 503]).toContain((await p.api("/api/v1/health", { token: null })).status);
  });
});
