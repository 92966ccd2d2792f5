/**
 * Why an embeddings call failed:
 * - `http`: the API answered with an error status (`status`, and the API's `code`, `type`, `param`);
 * - `timeout`: no answer within the client's timeout; `connection`: the server could not be reached;
 * - `aborted`: the caller's AbortSignal fired;
 * - `invalid_request`: refused before sending; `invalid_response`: an answer this client cannot use.
 */
export type EmbeddingErrorKind = "http" | "timeout" | "connection" | "aborted" | "invalid_request" | "invalid_response";

export interface EmbeddingErrorDetails {
  status?: number | null;
  code?: string | null;
  type?: string | null;
  param?: string | null;
  retryAfterSeconds?: number | null;
  cause?: unknown;
}

/** The one error type of @switchyard/ai's embedding client (after the client's own retries). */
export class EmbeddingError extends Error {
  readonly kind: EmbeddingErrorKind;
  /** HTTP status for `http` errors, null otherwise. */
  readonly status: number | null;
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  /** From the response's Retry-After header (429, 503), when it sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(kind: EmbeddingErrorKind, message: string, details: EmbeddingErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "EmbeddingError";
    this.kind = kind;
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.type = details.type ?? null;
    this.param = details.param ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }

  /**
   * Whether the same call may succeed later: timeouts, unreachable servers, 408, 409, 429 and
   * 5xx. Bad input (400), bad credentials (401/403) and unknown models (404) never will.
   */
  get retryable(): boolean {
    if (this.kind === "timeout" || this.kind === "connection") return true;
    if (this.kind !== "http" || this.status === null) return false;
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}
