import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono } from "hono";
import type { AnyOperation } from "@switchyard/core";
import { MethodNotAllowedError, NotFoundError } from "@switchyard/shared";
import { authorize, identify } from "../admission.js";
import type { ApiDeps } from "../api-deps.js";
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

/**
 * One REST route per operation, generated: identify the caller and count the request against
 * its limit, authorize, assemble and validate the input, run, answer with the operation's
 * status and headers. Errors are thrown and mapped once by the app's onError (error-map.ts).
 */
export function mountRestRoutes(app: Hono, operations: readonly AnyOperation[], deps: ApiDeps): void {
  for (const op of operations) {
    app.on(op.rest.method.toUpperCase(), `${REST_BASE}${honoPath(op.rest.path)}`, async (c) => {
      const identity =
        op.permission === "public" ? null : await identify(deps, c.req.header("authorization"), clientAddress(c));
      const caller = authorize(op, identity);
      const input = await restInput(op, c);
      const output: unknown = await op.run({ platform: deps.platform, loadTests: deps.loadTests, caller, rag: deps.rag ?? null }, input);
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
