import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawConnection } from "./test-raw-client.js";
import { startTestShell, type TestShell } from "./test-shell-server.js";

/**
 * Failures in the shell's own steps answer in the JSON error shape with no details: a page
 * handler that throws (at once or later), a request no URL can be made of. The server keeps
 * serving, and the failure goes to the log.
 */
let shell: TestShell;
beforeAll(async () => {
  shell = await startTestShell();
});
afterAll(async () => {
  await shell?.close();
});

async function raw(request: string): Promise<{ status: number; body: string }> {
  const conn = await RawConnection.open(shell.port);
  await conn.write(request);
  const res = await conn.nextResponse();
  conn.end();
  await conn.closed;
  return res;
}

describe("the shell's own error answers", () => {
  for (const path of ["/throws", "/throws-at-once"]) {
    it(`a page handler failing (${path}) answers 500 without details, and the server keeps serving`, async () => {
      const res = await fetch(`${shell.url}${path}`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
      expect(shell.errors.some((e) => e.scope === "ui")).toBe(true);
      expect((await fetch(`${shell.url}/api/v1/health`)).status).toBe(200);
    });
  }

  it("an API request no URL can be made of (bad Host header) is a JSON 400", async () => {
    const res = await raw("GET /api/v1/health HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: "BAD_REQUEST", message: "malformed request" } });
  });

  it("an API path no route takes is a JSON 404", async () => {
    const res = await fetch(`${shell.url}/api/v2/nothing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
