import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MAX_TRPC_BATCH } from "@switchyard/api";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

/** Holes a hostile client with a valid low-privilege token found in the API layer; each test reproduces one. */
let p: TestPlatform;
let viewer: string;
const LIMIT = 12;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: LIMIT, windowSeconds: 600 } });
  const db = await p.openDb();
  viewer = (await db.tokens.create({ name: "hostile viewer", role: "viewer" })).token;
});
afterAll(async () => {
  await p?.close();
});

/** A fresh token of its own, so each test starts with a full quota. */
async function freshToken(): Promise<string> {
  const db = await p.openDb();
  return (await db.tokens.create({ name: `quota ${Math.random()}`, role: "viewer" })).token;
}

function batchPath(n: number): string {
  const paths = Array.from({ length: n }, () => "tasks.list").join(",");
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { limit: 500 }]));
  return `/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

describe("API hardening", () => {
  it(`refuses a tRPC batch of more than ${MAX_TRPC_BATCH} calls with 400, and serves one of ${MAX_TRPC_BATCH}`, async () => {
    const token = await freshToken();
    const big = await p.api(batchPath(250), { token });
    expect(big.status).toBe(400);
    expect(await big.text()).not.toContain('"result"');
    const ok = await p.api(batchPath(MAX_TRPC_BATCH), { token });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(MAX_TRPC_BATCH);
  });

  it("counts every call of a tRPC batch against the caller's rate limit", async () => {
    const token = await freshToken();
    expect((await p.api(batchPath(MAX_TRPC_BATCH), { token })).status).toBe(200); // 10 of 12 used
    const over = await p.api(batchPath(3), { token }); // 13 > 12
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("keys the rate limit by the token, however the Authorization header is spelled", async () => {
    const token = await freshToken();
    const spellings = [`Bearer ${token}`, `bearer ${token}`, `BeArEr ${token}`, `Bearer  ${token}`, `BEARER\t${token} `];
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      const res = await fetch(`${p.url}/api/v1/pools`, { headers: { authorization: spellings[i % spellings.length] ?? "" } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429, 429]);
  });

  it("limits requests without a valid token per client address (401 until the limit, then 429)", async () => {
    // The only requests of this file without a valid token: the address's quota is this test's.
    const base = p.url;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await fetch(`${base}/api/v1/tasks`, { headers: i % 2 ? { authorization: "Bearer sy_made_up" } : {} });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429]);
    // A valid token still gets its own quota from the same address.
    expect((await p.api("/api/v1/pools", { token: await freshToken() })).status).toBe(200);
  });

  it("caps list sizes: a limit over 500 is a 400 naming `limit`, over REST and tRPC", async () => {
    const token = await freshToken();
    const rest = await p.api("/api/v1/tasks?limit=100000", { token });
    expect(rest.status).toBe(400);
    expect(JSON.stringify(await rest.json())).toContain('"path":"limit"');
    const trpc = await p.api(`/api/trpc/tasks.list?input=${encodeURIComponent(JSON.stringify({ limit: 100000 }))}`, { token });
    expect(trpc.status).toBe(400);
  });

  it("shows no stack traces or server paths in tRPC or REST error bodies", async () => {
    const token = await freshToken();
    const bodies: string[] = [];
    for (const [path, init] of [
      ["/api/trpc/tasks.submit", { method: "POST", body: JSON.stringify({ type: "diagnostic.sleep", payload: { ms: -1 } }) }],
      ["/api/trpc/tasks.get", {}],
      ["/api/trpc/nope.nothing", {}],
      ["/api/trpc/tasks.list?input=%7Bnot-json", {}],
      ["/api/v1/tasks?limit=%00%ff", {}],
      ["/api/v1/tasks/..%2F..%2Fetc", {}],
    ] as const) {
      const res = await p.api(path, { ...init, token });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      bodies.push(await res.text());
    }
    for (const body of bodies) {
      expect(body).not.toMatch(/\n\s+at /);
      expect(body).not.toContain('"stack"');
      expect(body).not.toMatch(/\/work\/|node_modules|\.ts:\d/);
    }
  });

  it("answers a wrong method with 405 and Allow, an unknown path with 404", async () => {
    const token = await freshToken();
    const del = await p.api("/api/v1/tasks", { method: "DELETE", token });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
    const put = await p.api("/api/v1/pools/maintenance", { method: "PUT", body: "{}", token });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("PATCH");
    const get = await p.api("/api/v1/tasks/abc/cancel", { token });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await p.api("/api/v1/nothing-here", { token })).status).toBe(404);
  });

  it("names unknown query parameters in the 400, on reads and writes", async () => {
    const token = await freshToken();
    const read = await p.api("/api/v1/tasks?status=queued&colour=blue", { token });
    expect(read.status).toBe(400);
    expect(JSON.stringify(await read.json())).toContain("colour");
    const write = await p.api("/api/v1/tasks?dryRun=1", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) });
    expect(write.status).toBe(400);
    const body = (await write.json()) as { error: { issues: Array<{ path: string }> } };
    expect(body.error.issues.map((i) => i.path)).toEqual(["dryRun"]);
    const twice = await p.api("/api/v1/tasks?limit=5&limit=6", { token });
    expect(twice.status).toBe(400);
    void viewer;
  });

  it("validates transformed inputs once: `since` filters dead letters over REST and tRPC", async () => {
    const token = await freshToken();
    const rest = await p.api("/api/v1/dead-letters?since=2099-01-01T00:00:00Z", { token });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { items: unknown[] }).items).toEqual([]);
    const bad = await p.api("/api/v1/dead-letters?since=yesterday", { token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"path":"since"');
    const trpc = await p.api(`/api/trpc/deadLetters.list?input=${encodeURIComponent(JSON.stringify({ since: String(Date.now()) }))}`, { token });
    expect(trpc.status).toBe(200);
    const redrive = await p.api("/api/v1/dead-letters/redrive", { method: "POST", body: JSON.stringify({ filter: { since: "2099-01-01T00:00:00Z" } }) });
    expect(redrive.status).toBe(200);
    expect(await redrive.json()).toEqual({ requested: 0, redriven: 0, skipped: [] });
  });
});
