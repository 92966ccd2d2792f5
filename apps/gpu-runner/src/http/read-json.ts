import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";
import { RunnerError } from "../errors.js";
import type { CancelSignal } from "../runner.js";

/**
 * Request helpers for the hot path. On @hono/node-server they work on the Node request and
 * response directly: reading the body through the Fetch API (or touching `c.req.raw.body` or
 * `.signal`) would build a full undici Request per call, which costs more CPU than the rest
 * of an embeddings request.
 */

type NodeEnv = { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;

function nodeEnv(c: Context): NodeEnv {
  return c.env as NodeEnv;
}

function tooLarge(limit: number): RunnerError {
  return new RunnerError("PAYLOAD_TOO_LARGE", `request body is larger than ${limit} bytes`);
}

/** Content-Length over the limit → refuse before reading anything. */
export function contentLengthExceeds(c: Context, limit: number): boolean {
  const len = c.req.header("content-length");
  return len !== undefined && Number(len) > limit;
}

async function readBody(c: Context, limit: number): Promise<string> {
  const incoming = nodeEnv(c)?.incoming;
  if (!incoming || incoming.readableDidRead) {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
    return text;
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
      if (err) reject(err);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading; the 413 goes out and the connection closes after it.
        incoming.pause();
        c.header("Connection", "close");
        return finish(tooLarge(limit));
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(null);
    const onError = (err: Error): void => finish(new RunnerError("INVALID_INPUT", `request body could not be read: ${err.message}`));
    const onClose = (): void => {
      if (!incoming.readableEnded) finish(new RunnerError("CANCELLED", "client closed the connection while sending the body"));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
  });
}

/** Parse the JSON body (up to `limit` bytes), or fail with a 400/413 that says why. */
export async function readJson(c: Context, limit: number): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new RunnerError("INVALID_INPUT", `content-type must be application/json (got ${type})`);
  }
  const text = await readBody(c, limit);
  if (!text) throw new RunnerError("INVALID_INPUT", "request body is empty; a JSON object is expected");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new RunnerError("INVALID_INPUT", `request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A cancel signal that fires when the client goes away before its response was sent
 * (so its queued work is dropped). Uses the Node response's close event; elsewhere the
 * request's AbortSignal. (A small class: cheaper per request than an AbortController.)
 */
class ClientGoneSignal implements CancelSignal {
  aborted = false;
  readonly reason = "client disconnected";
  private listeners: Array<() => void> | null = null;

  constructor(private readonly outgoing: ServerResponse) {
    outgoing.once("close", () => this.closed());
  }

  private closed(): void {
    if (this.outgoing.writableFinished) return;
    this.aborted = true;
    const ls = this.listeners;
    this.listeners = null;
    if (ls) for (const l of ls) l();
  }

  addEventListener(_type: "abort", listener: () => void): void {
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    if (this.listeners) this.listeners = this.listeners.filter((l) => l !== listener);
  }
}

export function clientGone(c: Context): CancelSignal {
  const outgoing = nodeEnv(c)?.outgoing;
  return outgoing ? new ClientGoneSignal(outgoing) : c.req.raw.signal;
}

/** Priority and deadline from headers (X-Priority, X-Deadline-Ms). */
export function requestHints(c: Context): { priority?: string; deadlineMs?: number } {
  const out: { priority?: string; deadlineMs?: number } = {};
  const p = c.req.header("x-priority");
  if (p) out.priority = p.trim().toLowerCase();
  const d = c.req.header("x-deadline-ms");
  if (d) {
    const n = Number(d);
    if (!Number.isFinite(n) || n <= 0) throw new RunnerError("INVALID_INPUT", "X-Deadline-Ms must be a positive number", { param: "X-Deadline-Ms" });
    out.deadlineMs = n;
  }
  return out;
}
