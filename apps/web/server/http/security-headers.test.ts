import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestShell, type TestShell } from "./test-shell-server.js";

/**
 * Pages and API responses carry the security headers, and nothing authenticated is marked
 * cacheable by shared caches: API answers and HTML pages are no-store (the stand-in for Next
 * marks its page s-maxage, as a prerendered page is), hashed assets stay publicly cacheable.
 */
let shell: TestShell;
beforeAll(async () => {
  shell = await startTestShell();
});
afterAll(async () => {
  await shell?.close();
});

function expectSecurityHeaders(res: Response, what: string): void {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toMatch(/(^|;)\s*default-src /);
  expect(csp, what).not.toContain("unsafe-eval");
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(["no-referrer", "strict-origin-when-cross-origin"], what).toContain(res.headers.get("referrer-policy"));
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
}

describe("security headers", () => {
  it("API answers (ok, not found, refused) are no-store and carry the headers", async () => {
    const answers = [
      await fetch(`${shell.url}/api/v1/health`),
      await fetch(`${shell.url}/api/v1/nope`),
      await fetch(`${shell.url}/api/trpc/echo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) }),
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 404, 413]);
    for (const res of answers) {
      expectSecurityHeaders(res, res.url);
      expect(res.headers.get("cache-control"), res.url).toBe("no-store");
    }
  });

  it("pages are not cacheable by shared caches and carry the headers; hashed assets stay cacheable", async () => {
    const page = await fetch(`${shell.url}/`);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, "/");
    expect(page.headers.get("cache-control")).toBe("no-store");

    const docs = await fetch(`${shell.url}/docs`);
    expect(docs.status).toBe(200);
    expectSecurityHeaders(docs, "/docs");
    expect(docs.headers.get("cache-control")).toBe("no-store");

    const asset = await fetch(`${shell.url}/_next/static/chunks/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});
