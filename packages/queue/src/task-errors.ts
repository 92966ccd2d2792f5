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

/** Fired into a task's AbortSignal by POST /tasks/:id/cancel (or a pool reset). */
export class TaskCancelledError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "TaskCancelledError";
  }
}

/** Fired into active tasks when a worker's shutdown grace is over: the task is handed back, not failed. */
export class WorkerShutdownError extends Error {
  constructor() {
    super("worker shutting down; task handed back to the queue");
    this.name = "WorkerShutdownError";
  }
}

/**
 * A handler may not run yet (e.g. a per-host rate limit in scrape.page): the worker moves the
 * task back to delayed until `retryAt` without spending an attempt, as for an open breaker.
 */
export class TaskDeferredError extends Error {
  constructor(
    message: string,
    readonly retryAt: number,
  ) {
    super(message);
    this.name = "TaskDeferredError";
  }
}

/**
 * A dependency's circuit breaker is open (or the handler deferred itself, TaskDeferredError).
 * The worker puts the task back until `retryAt` without spending one of its attempts.
 */
export function dependencyRetryAt(err: unknown): number | null {
  if (err instanceof Error && (err.name === "DependencyUnavailableError" || err.name === "TaskDeferredError")) {
    const retryAt = (err as Error & { retryAt?: unknown }).retryAt;
    if (typeof retryAt === "number" && Number.isFinite(retryAt)) return retryAt;
  }
  return null;
}
