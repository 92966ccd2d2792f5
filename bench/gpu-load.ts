/**
 * A lean closed-loop HTTP/1.1 load generator for the GPU-runner benchmark: one keep-alive
 * TCP connection per client, each request written as one pre-serialized buffer (headers and
 * body), the response parsed just enough to find its status and end (Content-Length or
 * chunked). The same technique as autocannon; it keeps the generator's CPU share small, which
 * matters because it shares the machine's cores with the server it measures.
 */
import { connect, type Socket } from "node:net";

export interface LoadOptions {
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  bodies: Buffer[];
  clients: number;
  warmupMs: number;
  durationMs: number;
  /** Called when the measured window starts and ends (after the warm-up). */
  onWindow?: (phase: "start" | "end") => void;
  /** Called with the first successful response body (to check it). */
  check?: (body: Buffer) => void;
}

export interface LoadResult {
  /** Latencies (ms) of requests that completed in the measured window, sorted. */
  latencies: number[];
  errors: number;
  elapsedMs: number;
}

function serialize(o: LoadOptions, body: Buffer): Buffer {
  const head =
    `POST ${o.path} HTTP/1.1\r\nHost: ${o.host}:${o.port}\r\nConnection: keep-alive\r\n` +
    Object.entries(o.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("") +
    `Content-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

const CRLFCRLF = Buffer.from("\r\n\r\n");

/** Incremental parser of one response at a time on a connection. */
class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  onResponse: (status: number, body: Buffer | null) => void = () => {};
  wantBody = false;

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const end = this.buf.indexOf(CRLFCRLF);
      if (end < 0) return;
      const head = this.buf.toString("latin1", 0, end);
      const status = Number(head.slice(9, 12));
      const lower = head.toLowerCase();
      const clMatch = /\r\ncontent-length:\s*(\d+)/.exec(lower);
      const start = end + 4;
      if (clMatch?.[1] !== undefined) {
        const len = Number(clMatch[1]);
        if (this.buf.length < start + len) return;
        const body = this.wantBody ? this.buf.subarray(start, start + len) : null;
        this.buf = this.buf.subarray(start + len);
        this.onResponse(status, body);
        continue;
      }
      if (lower.includes("\r\ntransfer-encoding: chunked")) {
        // Walk the chunks; wait for more data when incomplete.
        let pos = start;
        const parts: Buffer[] = [];
        for (;;) {
          const lineEnd = this.buf.indexOf("\r\n", pos);
          if (lineEnd < 0) return;
          const size = parseInt(this.buf.toString("latin1", pos, lineEnd), 16);
          if (this.buf.length < lineEnd + 2 + size + 2) return;
          if (size === 0) {
            pos = lineEnd + 4;
            break;
          }
          if (this.wantBody) parts.push(this.buf.subarray(lineEnd + 2, lineEnd + 2 + size));
          pos = lineEnd + 2 + size + 2;
        }
        this.buf = this.buf.subarray(pos);
        this.onResponse(status, this.wantBody ? Buffer.concat(parts) : null);
        continue;
      }
      throw new Error("response without Content-Length or chunked encoding");
    }
  }
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const requests = o.bodies.map((b) => serialize(o, b));
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stopping = false;
  let checked = !o.check;
  let counter = 0;
  const sockets: Socket[] = [];

  const clientLoop = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host: o.host, port: o.port, noDelay: true });
      sockets.push(socket);
      const reader = new ResponseReader();
      let sentAt = 0;
      const send = (): void => {
        if (stopping) {
          socket.end();
          return resolve();
        }
        const req = requests[counter++ % requests.length] as Buffer;
        reader.wantBody = !checked;
        sentAt = performance.now();
        socket.write(req);
      };
      reader.onResponse = (status, body) => {
        const lat = performance.now() - sentAt;
        if (status !== 200) {
          if (measuring) errors++;
        } else {
          if (!checked && body && o.check) {
            checked = true;
            o.check(body);
          }
          if (measuring) latencies.push(lat);
        }
        send();
      };
      socket.on("data", (d: Buffer) => {
        try {
          reader.push(d);
        } catch (err) {
          socket.destroy();
          reject(err);
        }
      });
      socket.on("error", (err) => (stopping ? resolve() : reject(err)));
      socket.on("close", () => resolve());
      socket.on("connect", send);
    });

  const loops = Array.from({ length: o.clients }, () => clientLoop());
  await new Promise((r) => setTimeout(r, o.warmupMs));
  measuring = true;
  o.onWindow?.("start");
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, o.durationMs));
  measuring = false;
  o.onWindow?.("end");
  const elapsedMs = performance.now() - t0;
  stopping = true;
  await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 10_000))]);
  for (const s of sockets) s.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, errors, elapsedMs };
}
