import { TRPCError } from "@trpc/server";
import { AppError, RateLimitedError, ValidationError, type ErrorCode } from "@switchyard/shared";

/** The one place where domain error codes become HTTP statuses and tRPC codes. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const TRPC_CODE: Record<ErrorCode, TRPCError["code"]> = {
  VALIDATION: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

export interface HttpError {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: ErrorCode; message: string; issues?: Array<{ path: string; message: string }> } };
}

export function toHttpError(err: unknown): HttpError {
  if (!(err instanceof AppError)) {
    return { status: 500, headers: {}, body: { error: { code: "INTERNAL", message: "internal error" } } };
  }
  const headers: Record<string, string> = {};
  if (err instanceof RateLimitedError) headers["retry-after"] = String(err.retryAfterSeconds);
  return {
    status: HTTP_STATUS[err.code],
    headers,
    body: {
      error: {
        code: err.code,
        message: err.message,
        ...(err instanceof ValidationError ? { issues: err.issues } : {}),
      },
    },
  };
}

export function toTrpcError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof AppError) return new TRPCError({ code: TRPC_CODE[err.code], message: err.message, cause: err });
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error" });
}
