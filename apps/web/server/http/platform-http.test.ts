import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { RawConnection } from "./test-raw-client.js";

/**
 * The whole platform with the production Next.js build (`npm run build -w @switchyard/web`;
 * scripts/setup.sh makes it): security headers on real pages, and no error answer anywhere (API, tRPC, Next.js, socket.io, node's parser, hono's adapter)
 * shows a stack trace or a server path, whatever breaks. Runs the whole platform with the
 * production Next.js build (`npm run build -w @switchyard/web`; scripts/setup.sh makes it).
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../../..");
const webDir = resolve(here, "../..");

let p: TestPlatform;
beforeAll(async () => {
  if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
    throw new Error("no Next.js production build in apps/web/.next: run `npm run build -w @switchyard/web` first");
  }
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), serveUi: true, rateLimit: { requests: 0, windowSeconds: 1 } });
});
afterAll(async () => {
  await p?.close();
});

interface Answer {
  what: string;
  status: number;
  body: string;
}

/** Stack frames, absolute paths of this install or its data, module paths with line numbers. */
function leaks(body: string): string[] {
  const found: string[] = [];
  if (/\n\s+at /.test(body) || /\bat [^\s()]+ \(/.test(body)) found.push("stack frame");
  for (const path of [repoRoot, tmpdir(), p.dataDir, "/node_modules/"]) if (body.includes(path)) found.push(path);
  if (/\.(ts|tsx|js|mjs|cjs):\d+/.test(body)) found.push("file:line");
  return found;
}

async function viaFetch(what: string, path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.auth) headers.set("authorization", `Bearer ${p.token}`);
  const res = await fetch(`${p.url}${path}`, { ...init, headers, redirect: "manual" });
  return { what, status: res.status, body: await res.text() };
}

async function viaSocket(what: string, raw: string): Promise<Answer> {
  const conn = await RawConnection.open(Number(new URL(p.url).port));
  await conn.write(raw);
  const res = await conn.nextResponse();
  conn.end();
  await conn.closed;
  return { what, status: res.status, body: res.body };
}

describe("error bodies", () => {
  it("say what went wrong without stack traces or server paths", async () => {
    const bad = "%E0%A4%A";
    const answers: Answer[] = [
      await viaFetch("page, malformed URL encoding", `/${bad}`),
      await viaFetch("nested page, malformed URL encoding", `/pools/${bad}`),
      await viaFetch("static asset, malformed URL encoding", `/_next/static/${bad}`),
      await viaFetch("unknown page", "/no-such-page"),
      await viaFetch("page, broken router state header", "/", { headers: { RSC: "1", "Next-Router-State-Tree": "%%%{not json" } }),
      await viaFetch("page, unknown server action", "/", { method: "POST", headers: { "Next-Action": "deadbeef" } }),
      await viaFetch("API, malformed URL encoding", `/api/v1/${bad}`),
      await viaFetch("API, malformed task id", `/api/v1/tasks/${bad}`, { auth: true }),
      await viaFetch("API, broken JSON", "/api/v1/tasks", { method: "POST", auth: true, headers: { "content-type": "application/json" }, body: "{" }),
      await viaFetch("API, no token", "/api/v1/pools"),
      await viaFetch("API, health", "/api/v1/health"),
      await viaFetch("tRPC, bad input", "/api/trpc/tasks.submit", { method: "POST", auth: true, headers: { "content-type": "application/json" }, body: JSON.stringify({ type: 5 }) }),
      await viaFetch("tRPC, broken batch", "/api/trpc/tasks.submit?batch=1", { method: "POST", auth: true, headers: { "content-type": "application/json" }, body: "{]" }),
      await viaFetch("tRPC, unknown procedure", "/api/trpc/nope.nothing", { auth: true }),
      await viaFetch("socket.io, unknown transport", "/socket.io/?EIO=4&transport=bogus"),
      await viaFetch("socket.io, unknown session", "/socket.io/?EIO=4&transport=polling&sid=nope"),
      await viaFetch("socket.io, post to unknown session", "/socket.io/?EIO=4&transport=polling&sid=nope", { method: "POST", body: "40" }),
      await viaFetch("socket.io, unsupported protocol", "/socket.io/?EIO=9&transport=polling"),
      await viaSocket("malformed request line", "GARBAGE\r\n\r\n"),
      await viaSocket("headers too large", `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(64 * 1024)}\r\n\r\n`),
      await viaSocket("page, bad Host header", "GET / HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n"),
      await viaSocket("API, bad Host header", "GET /api/v1/health HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n"),
      await viaSocket("page, bad absolute URL", "GET http://[bad/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    ];
    const found = answers.flatMap((a) => leaks(a.body).map((l) => `${a.what} (${a.status}): ${l} in ${JSON.stringify(a.body.slice(0, 300))}`));
    expect(found).toEqual([]);
    // Every one was answered, and none of them broke the server.
    expect(answers.every((a) => a.status >= 200 && a.status < 600)).toBe(true);
    expect((await viaFetch("after", "/api/v1/pools", { auth: true })).status).toBe(200);
  });
});

describe("headers on the real pages", () => {
  it("pages, the docs page and API answers carry the security headers; only hashed assets are cacheable", async () => {
    const page = await fetch(`${p.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const responses = {
      dashboard: page,
      "pool page": await fetch(`${p.url}/pools/batch`),
      "client navigation (RSC)": await fetch(`${p.url}/workers`, { headers: { RSC: "1" } }),
      "not found page": await fetch(`${p.url}/no-such-page`),
      docs: await fetch(`${p.url}/docs`),
      "OpenAPI document": await fetch(`${p.url}/api/v1/openapi.json`),
      "API answer": await fetch(`${p.url}/api/v1/pools`, { headers: { authorization: `Bearer ${p.token}` } }),
      "socket.io handshake": await fetch(`${p.url}/socket.io/?EIO=4&transport=polling`),
    };
    for (const [what, res] of Object.entries(responses)) {
      if (!res.bodyUsed) await res.arrayBuffer();
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).not.toContain("unsafe-eval");
      expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), what).toBe("DENY");
      expect(res.headers.get("referrer-policy"), what).toBe("no-referrer");
      expect(res.headers.get("cache-control"), what).toBe("no-store");
    }
    const hashed = await fetch(`${p.url}${asset}`);
    await hashed.arrayBuffer();
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get("cache-control")).toContain("immutable");
  });
});
