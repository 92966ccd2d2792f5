import { NonRetryableError, type TaskContext, type TaskHandler } from "@switchyard/queue";
import type { Priority, TaskPayload } from "@switchyard/shared";
import { RunnerError, type RunnerErrorCode } from "../errors.js";
import type { Runner } from "../runner-api.js";

/** Runner errors that no later attempt can fix: the task goes dead at once instead of retrying. */
const PERMANENT: ReadonlySet<RunnerErrorCode> = new Set(["INVALID_INPUT", "MODEL_NOT_FOUND", "UNSUPPORTED", "PAYLOAD_TOO_LARGE"]);

export interface EmbedTextsHandlerOptions {
  /** Priority in the runner's request queue (default low: interactive HTTP callers go first). */
  priority?: Priority;
  /** Least time between two progress reports (each is a Redis write and a stream event); default 250 ms. */
  progressIntervalMs?: number;
}

/**
 * The `embed.texts` handler of the runner's embed-pool worker: the runner's own in-process
 * embed (no HTTP hop), cancelled through the task's AbortSignal, progress forwarded to the
 * pool's event stream. Permanent input errors become NonRetryableError; a full queue, memory
 * pressure or a failed batch stay retryable (the pool's backoff applies).
 */
export function createEmbedTextsHandler(runner: Runner, options: EmbedTextsHandlerOptions = {}): TaskHandler<"embed.texts"> {
  const priority = options.priority ?? "low";
  const intervalMs = options.progressIntervalMs ?? 250;
  return async (ctx) => {
    const { texts, model } = ctx.payload;
    const progress = progressReporter(ctx, texts.length, intervalMs);
    try {
      const r = await runner.embed(texts, {
        priority,
        // The task's own timeout (its signal) is the limit, not the runner's HTTP default deadline.
        deadlineMs: runner.config.queue.maxDeadlineMs,
        signal: ctx.signal,
        onProgress: progress.update,
        ...(model !== undefined ? { model } : {}),
      });
      await progress.flush();
      return { model: r.model, dimension: r.dimension, embeddings: r.embeddings };
    } catch (err) {
      await progress.flush();
      throw taskError(err);
    }
  };
}

/** Map a runner error to what the worker runtime understands. */
export function taskError(err: unknown): unknown {
  if (err instanceof RunnerError && PERMANENT.has(err.code)) {
    return new NonRetryableError(`${err.code}: ${err.message}`);
  }
  return err;
}

/**
 * Throttled progress: a report when the whole percent moved and at least `intervalMs` passed
 * since the last one, and always the last text. Reports go out one at a time, in order.
 */
function progressReporter(
  ctx: Pick<TaskContext<TaskPayload<"embed.texts">>, "progress" | "log" | "taskId">,
  total: number,
  intervalMs: number,
): { update: (p: { done: number; total: number }) => void; flush: () => Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastPercent = -1;
  let failed = false;
  return {
    update: ({ done }) => {
      const percent = Math.min(100, Math.floor((done / total) * 100));
      const now = performance.now();
      if (percent === lastPercent || (done < total && now - lastAt < intervalMs)) return;
      lastAt = now;
      lastPercent = percent;
      const message = `${done}/${total} texts embedded`;
      chain = chain
        .then(() => ctx.progress({ percent, message }))
        .catch((err: unknown) => {
          // Progress is advisory: a failed write must not fail the task.
          if (!failed) ctx.log.warn("progress report failed", { taskId: ctx.taskId, err: err instanceof Error ? err.message : String(err) });
          failed = true;
        });
    },
    flush: () => chain,
  };
}
