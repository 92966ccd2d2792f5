import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RunnerError, type RunnerErrorCode } from "../errors.js";

/** The one place runner errors become HTTP statuses and bodies. */

const STATUS: Record<RunnerErrorCode, ContentfulStatusCode> = {
  INVALID_INPUT: 400,
  UNSUPPORTED: 400,
  UNAUTHORIZED: 401,
  MODEL_NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  QUEUE_FULL: 429,
  CANCELLED: 499 as ContentfulStatusCode,
  INFERENCE_FAILED: 500,
  MODEL_LOAD_FAILED: 500,
  OVERLOADED: 503,
  SHUTTING_DOWN: 503,
  PROVIDER_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

const OPENAI_TYPE: Partial<Record<RunnerErrorCode, string>> = {
  INVALID_INPUT: "invalid_request_error",
  UNSUPPORTED: "invalid_request_error",
  UNAUTHORIZED: "invalid_request_error",
  MODEL_NOT_FOUND: "invalid_request_error",
  PAYLOAD_TOO_LARGE: "invalid_request_error",
  QUEUE_FULL: "rate_limit_error",
};

export function statusOf(err: RunnerError): ContentfulStatusCode {
  return STATUS[err.code];
}

/**
 * Errors from inside the runner (ONNX Runtime, the session host, model files) carry messages
 * with source locations and paths: the body says what kind of failure it was, the log
 * ("batch failed", "request failed") has the detail.
 */
const HIDDEN_DETAIL: Partial<Record<RunnerErrorCode, string>> = {
  INFERENCE_FAILED: "inference failed inside the runner; its log has the details",
  MODEL_LOAD_FAILED: "a model failed to load; the runner's log has the details",
  PROVIDER_UNAVAILABLE: "the execution provider is unavailable; the runner's log has the details",
};

/** The error as a client may see it: never a stack, a source location or a server path. */
function asPublicError(err: unknown): RunnerError {
  if (!(err instanceof RunnerError)) return new RunnerError("INFERENCE_FAILED", "internal error");
  const hidden = HIDDEN_DETAIL[err.code];
  return hidden === undefined ? err : new RunnerError(err.code, hidden, { param: err.param });
}

function retryAfter(err: RunnerError): number | null {
  if ("retryAfterSeconds" in err && typeof err.retryAfterSeconds === "number") return err.retryAfterSeconds;
  if (err.code === "SHUTTING_DOWN") return 5;
  return null;
}

/** OpenAI error shape: {error: {message, type, param, code}}. */
export function openAiError(c: Context, err: unknown): Response {
  const e = asPublicError(err);
  const ra = retryAfter(e);
  if (ra !== null) c.header("Retry-After", String(ra));
  return c.json(
    { error: { message: e.message, type: OPENAI_TYPE[e.code] ?? "server_error", param: e.param, code: e.code.toLowerCase() } },
    statusOf(e),
  );
}

/** KServe v2 error shape: {error: "message"}. */
export function kserveError(c: Context, err: unknown): Response {
  const e = asPublicError(err);
  const ra = retryAfter(e);
  if (ra !== null) c.header("Retry-After", String(ra));
  return c.json({ error: e.message, code: e.code.toLowerCase() }, statusOf(e));
}

/** Zod issues → the first issue as a RunnerError naming its field. */
export function validationError(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): RunnerError {
  const first = issues[0];
  const param = first ? first.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[") : null;
  const message = issues.map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`).join("; ");
  return new RunnerError("INVALID_INPUT", message, { param: param || null });
}
