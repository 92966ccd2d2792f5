import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawConnection } from "./test-raw-client.js";
import { startTestShell, type TestShell } from "./test-shell-server.js";

/**
 * After a 413 or a malformed request the server answers in full, says Connection: close, and
 * ends the connection cleanly (a FIN after the answer, never a reset that would throw the
 * answer away unread); the next connection is served.
 */
let shell: TestShell;
beforeAll(async () => {
  shell = await startTestShell();
});
afterAll(async () => {
  await shell?.close();
});

async function healthOnNewConnection(): Promise<number> {
  const conn = await RawConnection.open(shell.port);
  await conn.write("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const res = await conn.nextResponse();
  conn.end();
  return res.status;
}

function expectJsonError(body: string, code: string): void {
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(5);
}

describe("connection handling after refusals", () => {
  it("a 413 on a kept-alive connection is read whole, then the server ends the connection cleanly", async () => {
    const conn = await RawConnection.open(shell.port);
    await conn.write("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const first = await conn.nextResponse();
    expect(first.status).toBe(200);
    expect(first.headers["connection"]).not.toBe("close");

    // Declared 2 MiB, and the client sends all of it without waiting, as most clients do.
    const size = 2 * 1024 * 1024;
    await conn.write(`POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`);
    const sending = (async () => {
      for (let sent = 0; sent < size; sent += 64 * 1024) if (!(await conn.write(Buffer.alloc(64 * 1024, 0x20)))) return;
    })();
    const res = await conn.nextResponse();
    expect(res.status).toBe(413);
    expect(res.headers["connection"]).toBe("close");
    expectJsonError(res.body, "PAYLOAD_TOO_LARGE");
    await sending;
    conn.end();
    expect(await conn.closed).toEqual({ endedByServer: true, error: null });
    expect(await healthOnNewConnection()).toBe(200);
  });

  const malformed: Array<[string, string, number]> = [
    ["a bad request line", "GARBAGE\r\n\r\n", 400],
    ["a bad header", "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n", 400],
    ["a bad chunk size", "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
    ["headers over the size limit", `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(64 * 1024)}\r\n`, 431],
  ];
  for (const [name, head, status] of malformed) {
    it(`${name}: a ${status} with Connection: close, a clean close, and the next connection is served`, async () => {
      const conn = await RawConnection.open(shell.port);
      await conn.write(head);
      // The client keeps sending (the rest of what it meant to send) until it sees an answer.
      const sending = (async () => {
        for (let sent = 0; sent < 4 * 1024 * 1024 && !conn.firstByteSeen; sent += 64 * 1024) {
          if (!(await conn.write(Buffer.alloc(64 * 1024, 0x61)))) return;
        }
      })();
      const res = await conn.nextResponse();
      await sending;
      conn.end();
      expect(await conn.closed).toEqual({ endedByServer: true, error: null });
      expect(res.status).toBe(status);
      expect(res.headers["connection"]).toBe("close");
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expectJsonError(res.body, status === 431 ? "HEADERS_TOO_LARGE" : "BAD_REQUEST");
      expect(await healthOnNewConnection()).toBe(200);
    });
  }

  it("a client that half-closes right after its malformed request still gets the whole answer", async () => {
    const conn = await RawConnection.open(shell.port);
    await conn.write(`GARBAGE ${"x".repeat(32 * 1024)}\r\n\r\n`);
    conn.end();
    const res = await conn.nextResponse();
    expect(res.status).toBe(400);
    expectJsonError(res.body, "BAD_REQUEST");
    expect(await conn.closed).toEqual({ endedByServer: true, error: null });
  });
});
