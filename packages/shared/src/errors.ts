/**
 * Typed domain errors. Each carries a stable code; apps map codes to HTTP and tRPC
 * in exactly one place (packages/api/src/error-map.ts).
 */
export const ERROR_CODES = [
  "VALIDATION",
  "UNAUTHORIZED",
  "FORBIDDEN",
  /** A sensitive operation needs a recent second factor (sessions) or the `sensitive` scope (tokens). */
  "MFA_REQUIRED",
  /** A cookie-authenticated write without a valid CSRF token or from another origin. */
  "CSRF_FAILED",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INTERNAL",
  // HTTP-level refusals the web server's shell answers before any route (malformed requests).
  "BAD_REQUEST",
  "HEADERS_TOO_LARGE",
  "REQUEST_TIMEOUT",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class ValidationError extends AppError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], message?: string) {
    super("VALIDATION", message ?? issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; "), { issues });
    this.issues = issues;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "missing or unknown API token") {
    super("UNAUTHORIZED", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "this token may not do that") {
    super("FORBIDDEN", message);
  }
}

/** Step-up: a second factor within the last few minutes (sessions), or the `sensitive` scope (tokens). */
export class MfaRequiredError extends AppError {
  constructor(message = "this operation needs a second-factor confirmation within the last 5 minutes") {
    super("MFA_REQUIRED", message);
  }
}

export class CsrfError extends AppError {
  constructor(message = "missing or wrong X-CSRF-Token header for a cookie-authenticated write") {
    super("CSRF_FAILED", message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("NOT_FOUND", `${what} not found`);
  }
}

export class MethodNotAllowedError extends AppError {
  /** The methods the path does answer. */
  readonly allow: readonly string[];
  constructor(method: string, path: string, allow: readonly string[]) {
    super("METHOD_NOT_ALLOWED", `${method} is not allowed on ${path}; use ${allow.map((m) => m.toUpperCase()).join(", ")}`);
    this.allow = allow;
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super("CONFLICT", message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("PAYLOAD_TOO_LARGE", `request body is larger than ${limitBytes} bytes`);
  }
}

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super("RATE_LIMITED", message, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UnavailableError extends AppError {
  constructor(message: string) {
    super("UNAVAILABLE", message);
  }
}

/**
 * A service the platform needs (Redis) cannot be reached right now: the request was refused at
 * once rather than left waiting, nothing was accepted, and the client may retry after
 * `retryAfterSeconds` (503 + Retry-After).
 */
export class ServiceUnavailableError extends UnavailableError {
  readonly service: string;
  readonly retryAfterSeconds: number;
  constructor(service: string, retryAfterSeconds: number, message = `${service} is unreachable; nothing was done, retry in ${retryAfterSeconds} s`) {
    super(message);
    this.service = service;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Turn a zod error into a ValidationError whose issues name each field path. */
export function fromZodIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix: ReadonlyArray<string | number> = [],
): ValidationError {
  return new ValidationError(
    issues.map((i) => ({
      path: [...prefix, ...i.path].map((p) => (typeof p === "symbol" ? String(p) : p)).join("."),
      message: i.message,
    })),
  );
}
