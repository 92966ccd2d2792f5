import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";

/**
 * Lingering close. When the server answers before it has read the whole request (a 413, a
 * malformed request) and then closes, closing at once while the client is still sending makes
 * the kernel answer with a reset, and a reset throws away the answer the client has not read
 * yet. So: send the answer, half-close (FIN), keep reading and discarding what the client still
 * sends until it closes its side, and only then close, bounded by bytes and time so a client
 * that never stops cannot hold the socket.
 */
export interface LingerLimits {
  /** Most bytes read and thrown away after the answer. */
  maxBytes: number;
  /** Most time spent waiting for the client to close its side. */
  maxMs: number;
}

export const DEFAULT_LINGER: LingerLimits = { maxBytes: 16 * 1024 * 1024, maxMs: 5_000 };

/** How often the byte bound is checked (node's HTTP parser reads the socket, not us). */
const BYTES_CHECK_MS = 25;

const lingering = new WeakSet<Duplex>();

export function isLingering(socket: Duplex): boolean {
  return lingering.has(socket);
}

/** Half-close now, discard what still arrives, close when the client does or a bound is hit. */
export function lingerThenClose(socket: Duplex, limits: LingerLimits): void {
  if (lingering.has(socket) || socket.destroyed) return;
  lingering.add(socket);
  const bytesRead = (): number => (socket as Partial<Socket>).bytesRead ?? 0;
  const start = bytesRead();
  const close = (): void => {
    clearTimeout(timer);
    clearInterval(bytesCheck);
    socket.destroy();
  };
  const timer = setTimeout(close, limits.maxMs);
  const bytesCheck = setInterval(() => {
    if (bytesRead() - start > limits.maxBytes) close();
  }, BYTES_CHECK_MS);
  timer.unref();
  bytesCheck.unref();
  socket.once("close", () => {
    clearTimeout(timer);
    clearInterval(bytesCheck);
  });
  // The client closed its side (it read what it wanted, or sent all it had): nothing more can
  // come; close once our answer has left (destroying earlier would drop what is unsent).
  const closeWhenSent = (): void => {
    if (socket.writableFinished) close();
    else socket.once("finish", close);
  };
  if (socket.readableEnded) closeWhenSent();
  else socket.once("end", closeWhenSent);
  socket.end();
}

/**
 * Makes node's close-after-response (a response with Connection: close) linger whenever the
 * request it answered was not read to its end; complete requests close as before.
 */
export function lingerOnEarlyClose(server: Server, limits: LingerLimits): { track(req: IncomingMessage): void } {
  const current = new WeakMap<Duplex, IncomingMessage>();
  server.on("connection", (socket: Socket) => {
    const destroySoon = socket.destroySoon;
    socket.destroySoon = function lingeringDestroySoon(this: Socket) {
      const req = current.get(this);
      if (!req || req.complete) {
        destroySoon.call(this);
        return;
      }
      // Let the rest of the body flow and be thrown away (nothing reads it any more).
      req.removeAllListeners("data");
      req.resume();
      lingerThenClose(this, limits);
    };
  });
  return {
    track(req) {
      current.set(req.socket, req);
    },
  };
}
