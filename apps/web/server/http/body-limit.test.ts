import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@switchyard/shared";
import { chunkedHead, RawConnection, streamChunks } from "./test-raw-client.js";
import { startTestShell, type TestShell } from "./test-shell-server.js";

/**
 * The 1 MiB body cap holds on every route whatever the encoding: a chunked upload (no
 * Content-Length) is cut off once it passes the cap, on tRPC as on REST, and the server keeps
 * serving. Read-ahead slack: what the socket had taken in besides the capped body when the 413
 * went out (HTTP head, the stream queues, one socket read).
 */
const SLACK = 256 * 1024;
let shell: TestShell;
beforeAll(async () => {
  shell = await startTestShell();
});
afterAll(async () => {
  await shell?.close();
});

async function health(): Promise<number> {
  const conn = await RawConnection.open(shell.port);
  await conn.write("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const res = await conn.nextResponse();
  conn.end();
  return res.status;
}

function expectTooLarge(res: { status: number; headers: Record<string, string>; body: string }): void {
  expect(res.status).toBe(413);
  expect(res.headers["connection"]).toBe("close");
  const body = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
  expect(body.error.message.length).toBeGreaterThan(5);
}

describe("request body cap", () => {
  it("a 32 MB chunked tRPC upload is answered 413 after about 1 MiB, and the server keeps serving", async () => {
    const conn = await RawConnection.open(shell.port);
    await conn.write(chunkedHead("POST", "/api/trpc/echo"));
    const upload = streamChunks(conn, 32 * 1024 * 1024, 64 * 1024, () => conn.firstByteSeen);
    const res = await conn.nextResponse();
    const { completed } = await upload;
    expectTooLarge(res);
    // The answer came while the upload was still going: the body was not read to its end.
    expect(completed).toBe(false);
    const answered = shell.finished.find((f) => f.path === "/api/trpc/echo" && f.status === 413);
    expect(answered).toBeDefined();
    expect(answered!.bytesRead).toBeLessThanOrEqual(MAX_BODY_BYTES + SLACK);
    expect(shell.seen.bodies.every((b) => b <= MAX_BODY_BYTES)).toBe(true);
    conn.end();
    expect(await conn.closed).toEqual({ endedByServer: true, error: null });
    expect(await health()).toBe(200);
  });

  for (const path of ["/api/trpc/echo", "/api/v1/echo"]) {
    it(`a 2 MB chunked JSON body to ${path} is refused 413`, async () => {
      const conn = await RawConnection.open(shell.port);
      await conn.write(chunkedHead("POST", path));
      const json = Buffer.from(JSON.stringify({ pad: "y".repeat(2 * 1024 * 1024) }));
      const frames = Buffer.concat([Buffer.from(`${json.length.toString(16)}\r\n`), json, Buffer.from("\r\n0\r\n\r\n")]);
      void conn.write(frames);
      expectTooLarge(await conn.nextResponse());
      conn.end();
      expect((await conn.closed).error).toBeNull();
      expect(shell.seen.bodies.every((b) => b <= MAX_BODY_BYTES)).toBe(true);
    });
  }

  it("a declared Content-Length over the cap is refused 413 through tRPC too", async () => {
    const res = await fetch(`${shell.url}/api/trpc/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pad: "y".repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("bodies up to the cap still reach tRPC and REST whole, chunked or not", async () => {
    const json = JSON.stringify({ pad: "z".repeat(900 * 1024) });
    for (const path of ["/api/trpc/echo", "/api/v1/echo"]) {
      const conn = await RawConnection.open(shell.port);
      await conn.write(chunkedHead("POST", path, { Connection: "close" }));
      const body = Buffer.from(json);
      // Several chunks, as a streaming client sends them.
      for (let off = 0; off < body.length; off += 100_000) {
        const part = body.subarray(off, off + 100_000);
        await conn.write(Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n")]));
      }
      await conn.write("0\r\n\r\n");
      const res = await conn.nextResponse();
      expect(res.status, res.body).toBe(200);
      const bytes = path.includes("trpc")
        ? (JSON.parse(res.body) as { result: { data: { bytes: number } } }).result.data.bytes
        : (JSON.parse(res.body) as { bytes: number }).bytes;
      expect(bytes).toBe(json.length);
      conn.end();

      const plain = await fetch(`${shell.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: json });
      expect(plain.status).toBe(200);
    }
  });

  it("paths outside /api take no request body, declared or chunked", async () => {
    const declared = await fetch(`${shell.url}/pools`, { method: "POST", body: "x".repeat(2 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");

    const conn = await RawConnection.open(shell.port);
    await conn.write(chunkedHead("POST", "/"));
    const upload = streamChunks(conn, 8 * 1024 * 1024, 64 * 1024, () => conn.firstByteSeen);
    expectTooLarge(await conn.nextResponse());
    expect((await upload).completed).toBe(false);
    conn.end();
    expect((await conn.closed).error).toBeNull();
    expect(await health()).toBe(200);
  });

  it("GET requests with a body are refused on every path", async () => {
    for (const path of ["/", "/api/v1/health"]) {
      const conn = await RawConnection.open(shell.port);
      await conn.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello`);
      const res = await conn.nextResponse();
      expect(res.status).toBe(413);
      expect(res.headers["connection"]).toBe("close");
      conn.end();
      expect((await conn.closed).error).toBeNull();
    }
    expect(await health()).toBe(200);
  });
});
