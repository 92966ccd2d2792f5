import type { AnyOperation, Caller } from "@switchyard/core";
import { inSpan, type TraceSpan } from "@switchyard/observability";
import { AppError } from "@switchyard/shared";
import { toHttpError } from "./error-map.js";

const HTTP_STATUS = "http.response.status_code";

/**
 * Runs an admitted operation inside one span named after it (tracing on only: run-operation.ts
 * calls this only then), so everything it does, the tasks it enqueues included, is one trace.
 * The status is the one REST answers with (tRPC maps the same errors); a caller's error
 * (4xx) is not the span's failure.
 */
export function inOperationSpan(op: AnyOperation, caller: Caller | null, run: () => Promise<unknown>): Promise<unknown> {
  return inSpan(
    op.name,
    {
      kind: "server",
      attributes: {
        "switchyard.operation": op.name,
        "switchyard.caller.kind": caller?.kind ?? "anonymous",
        "switchyard.caller.role": caller?.role ?? "none",
      },
      expected: (err) => err instanceof AppError && toHttpError(err).status < 500,
    },
    async (span: TraceSpan) => {
      try {
        const output = await run();
        span.setAttribute(HTTP_STATUS, op.status?.(output) ?? op.rest.statuses?.[0] ?? 200);
        return output;
      } catch (err) {
        span.setAttribute(HTTP_STATUS, toHttpError(err).status);
        throw err;
      }
    },
  );
}
