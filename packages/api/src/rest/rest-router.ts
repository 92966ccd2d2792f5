import { randomUUID } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono } from "hono";
import { CSRF_HEADER, type AnyOperation, type RequestInfo, type SessionChannel } from "@switchyard/core";
import { MethodNotAllowedError, NotFoundError } from "@switchyard/shared";
import { authorize, identify, type Admitted, type Credentials, type Presented } from "../admission.js";
import type { ApiDeps } from "../api-deps.js";
import { auditRefusal, runOperation } from "../run-operation.js";
import { clearedSessionCookie, sessionCookie } from "../session-cookie.js";
import { restInput } from "./rest-input.js";
import { honoPath, RouteTable } from "./route-table.js";

export const REST_BASE = "/api/v1";

/** The client's address as the socket reports it (no proxy headers are trusted). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** What admission reads from a request. */
export function credentialsOf(c: Context): Credentials {
  return {
    authorization: c.req.header("authorization"),
    cookie: c.req.header("cookie"),
    csrf: c.req.header(CSRF_HEADER),
    address: clientAddress(c),
  };
}

export function requestInfoOf(c: Context): RequestInfo {
  return {
    requestId: randomUUID(),
    clientAddress: clientAddress(c),
    userAgent: c.req.header("user-agent")?.slice(0, 512) ?? null,
  };
}

/** Session cookies set or cleared by an operation, written onto the response by the caller. */
export function sessionChannel(admitted: Admitted, secure: boolean, setCookie: (value: string) => void): SessionChannel {
  return {
    currentSessionId: admitted.caller?.sessionId ?? null,
    currentView: admitted.sessionView,
    set: (secret, expiresAt) => setCookie(sessionCookie(secret, expiresAt, secure)),
    clear: () => setCookie(clearedSessionCookie(secure)),
  };
}

/**
 * One REST route per operation, generated: identify the caller and count the request against
 * its limit, authorize (refusals of known callers are audited), assemble and validate the
 * input, run through runOperation (audit), answer with the operation's status and headers.
 * Errors are thrown and mapped once by the app's onError (error-map.ts).
 */
export function mountRestRoutes(app: Hono, operations: readonly AnyOperation[], deps: ApiDeps): void {
  for (const op of operations) {
    app.on(op.rest.method.toUpperCase(), `${REST_BASE}${honoPath(op.rest.path)}`, async (c) => {
      const creds = credentialsOf(c);
      const request = requestInfoOf(c);
      // Public operations still learn who calls when a credential is sent (sign-in ends the old session).
      const presented: Presented | null =
        op.permission === "public" && !creds.authorization && !creds.cookie ? null : await identify(deps, creds);
      let admitted;
      try {
        admitted = authorize(op, presented, deps, creds.csrf);
      } catch (err) {
        await auditRefusal(deps, op, presented, request, err, c.req.param());
        throw err;
      }
      const input = await restInput(op, c);
      const cookies: string[] = [];
      const session = sessionChannel(admitted, deps.secureCookies ?? false, (v) => cookies.push(v));
      const output: unknown = await runOperation(op, deps, { admitted, request, session }, input);
      for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
      c.header("x-request-id", request.requestId);
      if (op.streamed) return streamLines(c, op.streamed, output as AsyncIterable<string>);
      const status = op.status?.(output) ?? op.rest.statuses?.[0] ?? 200;
      return c.json(output, status as 200, op.responseHeaders?.(output));
    });
  }

  const table = new RouteTable(REST_BASE, operations);
  app.all(`${REST_BASE}/*`, (c) => {
    const allow = table.allowed(c.req.path);
    if (allow) throw new MethodNotAllowedError(c.req.method, c.req.path, allow);
    throw new NotFoundError(`route ${c.req.method} ${c.req.path}`);
  });
}

/** A streamed answer (the audit export): lines as they are produced, never the whole body in memory. */
function streamLines(c: Context, streamed: { contentType: string; filename: string }, lines: AsyncIterable<string>): Response {
  const iterator = lines[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  c.header("content-type", streamed.contentType);
  c.header("content-disposition", `attachment; filename="${streamed.filename}"`);
  return c.body(body, 200);
}
