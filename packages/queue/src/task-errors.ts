/** Thrown into a handler's AbortSignal when its time is up. */
export class TaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`task timed out after ${timeoutMs} ms`);
    this.name = "TaskTimeoutError";
  }
}

/** A handler throws this for failures that another attempt cannot fix (bad input, missing handler). */
export class NonRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NonRetryableError";
  }
}
