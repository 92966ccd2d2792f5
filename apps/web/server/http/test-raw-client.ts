import { connect, type Socket } from "node:net";

/**
 * Test support: HTTP/1.1 over a raw loopback socket, so tests can send what fetch never
 * would (chunked uploads they stop half-way, broken request lines) and see exactly how the
 * server ends the connection (a clean FIN or a reset).
 */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawClose {
  /** The server ended its side cleanly (FIN) before the socket closed. */
  endedByServer: boolean;
  /** The socket's error code, e.g. ECONNRESET; null when it closed without one. */
  error: string | null;
}

export class RawConnection {
  readonly socket: Socket;
  /** Settles when the socket is fully closed. */
  readonly closed: Promise<RawClose>;
  /** Bytes of the first response line seen ("HTTP/1.1 413 ..."), as soon as they arrive. */
  firstByteSeen = false;
  private buf = Buffer.alloc(0);
  private ended = false;
  private waiters: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    let error: string | null = null;
    let endedByServer = false;
    socket.on("data", (d: Buffer) => {
      this.firstByteSeen = true;
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on("end", () => {
      endedByServer = true;
      this.ended = true;
      this.wake();
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.ended = true;
        this.wake();
        resolve({ endedByServer, error });
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Write and wait until the socket takes more (drain); false when the socket is gone. */
  write(data: string | Buffer): Promise<boolean> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve(false);
    return new Promise((resolve) => {
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        this.socket.off("drain", onDrain);
        this.socket.off("close", onClose);
        resolve(ok);
      };
      const onDrain = (): void => settle(true);
      const onClose = (): void => settle(false);
      this.socket.once("close", onClose);
      const ok = this.socket.write(data, (err) => {
        if (err) settle(false);
        else if (ok) settle(true);
      });
      if (!ok) this.socket.once("drain", onDrain);
    });
  }

  /** The next whole response on this connection (Content-Length, chunked, or until close). */
  async nextResponse(): Promise<RawResponse> {
    for (;;) {
      const parsed = this.tryParse();
      if (parsed) return parsed;
      if (this.ended) throw new Error(`connection ended before a whole response; got ${JSON.stringify(this.buf.toString("latin1").slice(0, 300))}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Close our side after the exchange, as a client that read its answer would. */
  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  private tryParse(): RawResponse | null {
    const headEnd = this.buf.indexOf("\r\n\r\n");
    if (headEnd < 0) return null;
    const [statusLine = "", ...lines] = this.buf.subarray(0, headEnd).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const i = line.indexOf(":");
      const k = line.slice(0, i).trim().toLowerCase();
      const v = line.slice(i + 1).trim();
      headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    }
    let rest = this.buf.subarray(headEnd + 4);
    let body: Buffer;
    let used: number;
    if (headers["content-length"] !== undefined) {
      const n = Number(headers["content-length"]);
      if (rest.length < n) return null;
      body = rest.subarray(0, n);
      used = n;
    } else if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
      const parts: Buffer[] = [];
      let off = 0;
      for (;;) {
        const lineEnd = rest.indexOf("\r\n", off);
        if (lineEnd < 0) return null;
        const size = parseInt(rest.subarray(off, lineEnd).toString("latin1"), 16);
        if (rest.length < lineEnd + 2 + size + 2) return null;
        if (size === 0) {
          used = lineEnd + 4;
          break;
        }
        parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        off = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      if (!this.ended) return null;
      body = rest;
      used = rest.length;
    }
    rest = rest.subarray(used);
    this.buf = Buffer.from(rest);
    return { status, headers, body: body.toString("utf8") };
  }
}

/** The head of a chunked request (no Content-Length). */
export function chunkedHead(method: string, path: string, extra: Record<string, string> = {}): string {
  const lines = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", "Content-Type: application/json", "Transfer-Encoding: chunked"];
  for (const [k, v] of Object.entries(extra)) lines.push(`${k}: ${v}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/**
 * Streams `total` bytes as chunks of `chunk` bytes until done or until `stop()` says so
 * (checked between chunks); ends with the last-chunk marker only when it sent everything.
 */
export async function streamChunks(
  conn: RawConnection,
  total: number,
  chunk: number,
  stop: () => boolean,
): Promise<{ sent: number; completed: boolean }> {
  const payload = Buffer.alloc(chunk, 0x61);
  const frame = Buffer.concat([Buffer.from(`${chunk.toString(16)}\r\n`), payload, Buffer.from("\r\n")]);
  let sent = 0;
  while (sent < total) {
    if (stop()) return { sent, completed: false };
    if (!(await conn.write(frame))) return { sent, completed: false };
    sent += chunk;
  }
  await conn.write("0\r\n\r\n");
  return { sent, completed: true };
}
