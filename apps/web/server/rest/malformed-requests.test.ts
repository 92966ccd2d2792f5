import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MAX_BODY_BYTES } from "@switchyard/shared";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { chunkedHead, RawConnection, streamChunks } from "../http/test-raw-client.js";

/**
 * 500 malformed requests of varied shape: every one gets a 4xx with a clear message, none a
 * 5xx, nothing is enqueued, and the server keeps serving. Generated from a fixed seed so a
 * failure is reproducible.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 } });
});
afterAll(async () => {
  await p?.close();
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

const huge = "x".repeat(40_000);
const absurd = [-1, -1e9, 1e308, 1.5, Number.MAX_SAFE_INTEGER * 8, "12", null, true, [], {}];
const badBodies: Array<[string, string]> = [
  ["broken json", "{\"type\": \"diagnostic.noop\""],
  ["trailing comma", "{\"type\": \"diagnostic.noop\",}"],
  ["not json", "type=diagnostic.noop"],
  ["empty", ""],
  ["whitespace", "   "],
  ["null", "null"],
  ["array", "[1,2,3]"],
  ["string", "\"hello\""],
  ["number", "42"],
  ["bom garbage", "\uFEFF\u0000{"],
];

function cases(): Case[] {
  const r = rng(20261123);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Case[] = [];
  const gens: Array<() => Case> = [
    () => {
      const [name, body] = pick(badBodies);
      return { name: `tasks: ${name}`, method: "POST", path: pick(["/api/v1/tasks", "/api/v1/tasks/bulk"]), body };
    },
    () => ({
      name: "wrong type for type",
      method: "POST",
      path: "/api/v1/tasks",
      body: JSON.stringify({ type: pick([1, null, true, [], {}, ""]) }),
    }),
    () => ({ name: "unknown task type", method: "POST", path: "/api/v1/tasks", body: JSON.stringify({ type: `nope.${Math.floor(r() * 1e6)}` }) }),
    () => ({ name: "huge type", method: "POST", path: "/api/v1/tasks", body: JSON.stringify({ type: huge }) }),
    () => ({
      name: "absurd sleep",
      method: "POST",
      path: "/api/v1/tasks",
      body: JSON.stringify({ type: "diagnostic.sleep", payload: { ms: pick(absurd) } }),
    }),
    () => ({
      name: "absurd flaky",
      method: "POST",
      path: "/api/v1/tasks",
      body: JSON.stringify({ type: "diagnostic.flaky", payload: { failTimes: pick(absurd), ms: pick(absurd) } }),
    }),
    () => ({
      name: "bad priority",
      method: "POST",
      path: "/api/v1/tasks",
      body: JSON.stringify({ type: "diagnostic.noop", priority: pick(["urgent", 1, null, "", huge]) }),
    }),
    () => ({
      name: "absurd attempts/timeout",
      method: "POST",
      path: "/api/v1/tasks",
      body: JSON.stringify({ type: "diagnostic.noop", maxAttempts: pick([0, -3, 1000, 2.5]), timeoutMs: pick([-1, 1e12, 0.5]) }),
    }),
    () => ({ name: "unknown field", method: "POST", path: "/api/v1/tasks", body: JSON.stringify({ type: "diagnostic.noop", extra: 1 }) }),
    () => ({
      name: "huge embed text",
      method: "POST",
      path: "/api/v1/tasks",
      body: JSON.stringify({ type: "embed.texts", payload: { texts: [huge] } }),
    }),
    () => ({
      name: "bad scrape url",
      method: "POST",
      path: "/api/v1/tasks",
      body: JSON.stringify({ type: "scrape.page", payload: { url: pick(["ftp://x", "javascript:alert(1)", "", 5, huge]) } }),
    }),
    () => ({
      name: "bulk wrong shape",
      method: "POST",
      path: "/api/v1/tasks/bulk",
      body: JSON.stringify(pick([{ tasks: [] }, { tasks: "x" }, { tasks: [{ type: 1 }] }, {}, { tasks: [null] }])),
    }),
    () => ({
      name: "bulk too many",
      method: "POST",
      path: "/api/v1/tasks/bulk",
      body: JSON.stringify({ tasks: Array.from({ length: 1_001 }, () => ({ type: "diagnostic.noop" })) }),
    }),
    () => ({
      name: "bulk one bad item",
      method: "POST",
      path: "/api/v1/tasks/bulk",
      body: JSON.stringify({ tasks: [{ type: "diagnostic.noop" }, { type: "diagnostic.sleep", payload: { ms: -1 } }] }),
    }),
    () => ({ name: "oversized body", method: "POST", path: "/api/v1/tasks", body: `{"type":"diagnostic.noop","pad":"${"y".repeat(1_100_000)}"}` }),
    () => ({ name: "missing token", method: "POST", path: "/api/v1/tasks", body: JSON.stringify({ type: "diagnostic.noop" }), token: null }),
    () => ({ name: "garbage token", method: "GET", path: "/api/v1/pools", token: pick(["x", huge.slice(0, 600), "sy_%00"]) }),
    () => ({ name: "bad task id", method: "GET", path: `/api/v1/tasks/${pick(["..%2F..", "a b", "%00", "x".repeat(300), "%F0%9F%92%A9"])}` }),
    () => ({ name: "unknown task", method: "GET", path: "/api/v1/tasks/01900000-0000-7000-8000-000000000000" }),
    () => ({ name: "bad list query", method: "GET", path: `/api/v1/tasks?${pick(["limit=-1", "limit=abc", "limit=100000", "status=exploded", "pool=nope", "foo=bar"])}` }),
    () => ({ name: "bad dead-letter query", method: "GET", path: `/api/v1/dead-letters?${pick(["since=yesterday", "since=-5", "limit=0", "pool=x", "error="])}` }),
    () => ({
      name: "bad redrive",
      method: "POST",
      path: "/api/v1/dead-letters/redrive",
      body: JSON.stringify(pick([{}, { ids: [] }, { ids: ["a b"] }, { filter: { pool: 1 } }, { ids: ["x"], filter: {} }])),
    }),
    () => ({ name: "cancel unknown", method: "POST", path: "/api/v1/tasks/01900000-0000-7000-8000-00000000abcd/cancel" }),
    () => ({ name: "retry unknown", method: "POST", path: "/api/v1/tasks/01900000-0000-7000-8000-00000000abcd/retry" }),
    () => ({
      name: "bad pool patch",
      method: "PATCH",
      path: `/api/v1/pools/${pick(["batch", "nope"])}`,
      body: JSON.stringify(pick([{}, { concurrency: 0 }, { concurrency: 1e9 }, { state: "sleeping" }, { drain: false }])),
    }),
    () => ({ name: "reset unknown pool", method: "POST", path: "/api/v1/pools/nope/reset" }),
    () => ({ name: "bad idempotency key", method: "POST", path: "/api/v1/tasks", body: JSON.stringify({ type: "diagnostic.noop" }), headers: { "idempotency-key": pick(["has space", "x".repeat(300), "\t"]) } }),
    () => ({ name: "unknown route", method: pick(["GET", "POST", "DELETE"]), path: pick(["/api/v1/nope", "/api/v2/tasks", "/api/v1/tasks/x/y/z"]) }),
    () => ({ name: "wrong method", method: pick(["DELETE", "PUT"]), path: "/api/v1/tasks" }),
    () => ({ name: "bad fault name", method: "PUT", path: "/api/v1/faults/has%20space" }),
    () => ({ name: "trpc bad input", method: "POST", path: "/api/trpc/tasks.submit", body: pick(["{", JSON.stringify({ type: 5 }), JSON.stringify({ type: "nope" })]) }),
    () => ({ name: "deep nesting", method: "POST", path: "/api/v1/tasks", body: `${"[".repeat(5_000)}${"]".repeat(5_000)}` }),
  ];
  while (out.length < 500) out.push(pick(gens)());
  return out;
}

describe("500 malformed requests", () => {
  it("each gets a 4xx with a clear message, none a 5xx, and the server still serves", async () => {
    const all = cases();
    expect(all).toHaveLength(500);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    // In parallel batches, as a misbehaving client fleet would send them.
    for (let i = 0; i < all.length; i += 25) {
      await Promise.all(
        all.slice(i, i + 25).map(async (c) => {
          const headers: Record<string, string> = { ...(c.headers ?? {}) };
          if (c.body !== undefined) headers["content-type"] = "application/json";
          const res = await p.api(c.path, {
            method: c.method,
            headers,
            ...(c.body !== undefined ? { body: c.body } : {}),
            ...(c.token !== undefined ? { token: c.token } : {}),
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const text = await res.text();
          if (res.status < 400 || res.status >= 500) {
            failures.push(`${c.name}: ${c.method} ${c.path.slice(0, 80)} → ${res.status} ${text.slice(0, 200)}`);
            return;
          }
          let message = "";
          try {
            const body = JSON.parse(text) as { error?: { message?: unknown }; [k: string]: unknown };
            message = typeof body.error?.message === "string" ? body.error.message : JSON.stringify(body).slice(0, 300);
          } catch {
            failures.push(`${c.name}: non-JSON error body ${text.slice(0, 100)}`);
            return;
          }
          if (message.length < 5) failures.push(`${c.name}: unclear message "${message}"`);
        }),
      );
    }
    expect(failures).toEqual([]);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    // Several kinds of refusal, not one blanket answer.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 404, 413]));
    // Nothing was enqueued, and the server still serves.
    expect(await p.web.platform.queue("batch").count()).toBe(0);
    expect((await p.api("/api/v1/pools")).status).toBe(200);
    const ok = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) });
    expect(ok.status).toBe(202);
  });
});

/**
 * The same through raw sockets, as fetch never sends them: chunked bodies past the cap on
 * tRPC and REST, malformed HTTP. Each is answered in full with Connection: close, the
 * connection ends cleanly (no reset), nothing is enqueued, and the next connection is served.
 */
describe("chunked and malformed HTTP against the whole platform", () => {
  const port = (): number => Number(new URL(p.url).port);
  const auth = (): Record<string, string> => ({ Authorization: `Bearer ${p.token}` });

  async function servedOnNewConnection(): Promise<number> {
    const conn = await RawConnection.open(port());
    await conn.write(`GET /api/v1/pools HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${p.token}\r\nConnection: close\r\n\r\n`);
    const res = await conn.nextResponse();
    conn.end();
    return res.status;
  }

  for (const path of ["/api/trpc/tasks.submit", "/api/v1/tasks"]) {
    it(`an 8 MB chunked upload to ${path} is refused 413 before it ends, cleanly`, async () => {
      const conn = await RawConnection.open(port());
      await conn.write(chunkedHead("POST", path, auth()));
      const upload = streamChunks(conn, 8 * 1024 * 1024, 64 * 1024, () => conn.firstByteSeen);
      const res = await conn.nextResponse();
      expect((await upload).completed).toBe(false);
      expect(res.status).toBe(413);
      expect(res.headers["connection"]).toBe("close");
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
      conn.end();
      expect(await conn.closed).toEqual({ endedByServer: true, error: null });
      expect(await servedOnNewConnection()).toBe(200);
    });
  }

  it("a 2 MB chunked JSON submission through tRPC is refused, not accepted", async () => {
    const before = await p.web.platform.queue("batch").count();
    const conn = await RawConnection.open(port());
    await conn.write(chunkedHead("POST", "/api/trpc/tasks.submit", auth()));
    const json = Buffer.from(JSON.stringify({ type: "diagnostic.noop", payload: { pad: "y".repeat(2 * MAX_BODY_BYTES) } }));
    void conn.write(Buffer.concat([Buffer.from(`${json.length.toString(16)}\r\n`), json, Buffer.from("\r\n0\r\n\r\n")]));
    const res = await conn.nextResponse();
    expect(res.status).toBe(413);
    conn.end();
    expect((await conn.closed).error).toBeNull();
    expect(await p.web.platform.queue("batch").count()).toBe(before);
  });

  it("malformed HTTP gets a JSON 400 with Connection: close and a clean close", async () => {
    for (const head of ["GARBAGE\r\n\r\n", "POST /api/v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n"]) {
      const conn = await RawConnection.open(port());
      await conn.write(head);
      const sending = (async () => {
        for (let sent = 0; sent < 2 * 1024 * 1024 && !conn.firstByteSeen; sent += 64 * 1024) {
          if (!(await conn.write(Buffer.alloc(64 * 1024, 0x61)))) return;
        }
      })();
      const res = await conn.nextResponse();
      await sending;
      conn.end();
      expect(await conn.closed).toEqual({ endedByServer: true, error: null });
      expect(res.status).toBe(400);
      expect(res.headers["connection"]).toBe("close");
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    }
    expect(await servedOnNewConnection()).toBe(200);
  });
});
