/**
 * Typed domain errors. Each carries a stable code; apps map codes to HTTP and tRPC
 * in exactly one place (packages/api/src/error-map.ts).
 */
export const ERROR_CODES = [
  "VALIDATION",
  "UNAUTHORIZED",
  "FORBIDDEN",
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
