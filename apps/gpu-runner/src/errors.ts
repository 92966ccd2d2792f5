/**
 * Typed errors of the runner. Each has a stable code; the HTTP layer maps codes to status
 * and error shape in one place (http/error-response.ts), in-process callers switch on code.
 */
export type RunnerErrorCode =
  | "INVALID_INPUT"
  | "UNAUTHORIZED"
  | "MODEL_NOT_FOUND"
  | "UNSUPPORTED"
  | "PAYLOAD_TOO_LARGE"
  | "QUEUE_FULL"
  | "OVERLOADED"
  | "DEADLINE_EXCEEDED"
  | "SHUTTING_DOWN"
  | "PROVIDER_UNAVAILABLE"
  | "MODEL_LOAD_FAILED"
  | "INFERENCE_FAILED"
  | "CANCELLED";

export class RunnerError extends Error {
  readonly code: RunnerErrorCode;
  /** The request field at fault, when there is one (OpenAI's `param`). */
  readonly param: string | null;
  constructor(code: RunnerErrorCode, message: string, options: { param?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.param = options.param ?? null;
  }
}

export class InvalidInputError extends RunnerError {
  constructor(message: string, param: string | null = null) {
    super("INVALID_INPUT", message, { param });
  }
}

export class UnsupportedError extends RunnerError {
  constructor(message: string, param: string | null = null) {
    super("UNSUPPORTED", message, { param });
  }
}

export class ModelNotFoundError extends RunnerError {
  constructor(model: string, param: string | null = "model") {
    super("MODEL_NOT_FOUND", `model "${model}" is not loaded on this runner`, { param });
  }
}

/** The request queue is at its depth limit; retry after `retryAfterSeconds`. */
export class QueueFullError extends RunnerError {
  constructor(
    readonly depth: number,
    readonly maxDepth: number,
    readonly retryAfterSeconds: number,
  ) {
    super("QUEUE_FULL", `request queue is full (${depth} of ${maxDepth} waiting); retry after ${retryAfterSeconds}s`);
  }
}

/** Memory is above the critical limit; new work is refused until it falls below. */
export class OverloadedError extends RunnerError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("OVERLOADED", message);
  }
}

export class DeadlineExceededError extends RunnerError {
  constructor(waitedMs: number, deadlineMs: number) {
    super("DEADLINE_EXCEEDED", `request deadline passed after waiting ${Math.round(waitedMs)} ms in the queue (deadline ${deadlineMs} ms); it was dropped before compute`);
  }
}

export class ShuttingDownError extends RunnerError {
  constructor() {
    super("SHUTTING_DOWN", "the runner is shutting down and accepts no new work");
  }
}

export class InferenceError extends RunnerError {
  constructor(message: string, cause?: unknown) {
    super("INFERENCE_FAILED", message, { cause });
  }
}

export class CancelledError extends RunnerError {
  constructor(reason: string) {
    super("CANCELLED", `request cancelled: ${reason}`);
  }
}
