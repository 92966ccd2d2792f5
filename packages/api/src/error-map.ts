import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { AppError, ERROR_CODES, MethodNotAllowedError, RateLimitedError, ServiceUnavailableError, ValidationError, type ErrorCode } from "@switchyard/shared";

/** The one place where domain error codes become HTTP statuses and tRPC codes. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  MFA_REQUIRED: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  BAD_REQUEST: 400,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
};

const TRPC_CODE: Record<ErrorCode, TRPCError["code"]> = {
  VALIDATION: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  MFA_REQUIRED: "FORBIDDEN",
  CSRF_FAILED: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_SUPPORTED",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
  BAD_REQUEST: "BAD_REQUEST",
  HEADERS_TOO_LARGE: "BAD_REQUEST",
  REQUEST_TIMEOUT: "TIMEOUT",
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
  if (err instanceof RateLimitedError || err instanceof ServiceUnavailableError) headers["retry-after"] = String(err.retryAfterSeconds);
  // The rest of an oversized body is never read: the connection can't carry another request.
  if (err.code === "PAYLOAD_TOO_LARGE") headers["connection"] = "close";
  if (err instanceof MethodNotAllowedError) headers["allow"] = err.allow.join(", ").toUpperCase();
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

/** The JSON error body of every REST error response (the OpenAPI document's `Error`). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** Validation errors: each field path (dot-separated, "" for the whole body) with its reason. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** Which HTTP status each error code answers with, for the OpenAPI document. */
export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}
