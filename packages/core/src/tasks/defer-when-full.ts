import { TaskDeferredError } from "@switchyard/queue";
import { RateLimitedError } from "@switchyard/shared";

/**
 * For submissions a handler makes: a full pool (backpressure's 429) defers the handler's task
 * until the pool has room, spending no attempt, instead of failing it.
 */
export async function deferWhenFull<T>(submit: () => Promise<T>): Promise<T> {
  try {
    return await submit();
  } catch (err) {
    if (err instanceof RateLimitedError) throw new TaskDeferredError(err.message, Date.now() + err.retryAfterSeconds * 1_000);
    throw err;
  }
}
