import { NonRetryableError, type TaskContext, type TaskHandler } from "@switchyard/queue";
import type { Priority, TaskPayload } from "@switchyard/shared";

/** One embed call as the handler makes it. */
export interface EmbedTextsRequest {
  priority: Priority;
  /** How long the texts may wait in the backend's queue; absent: the backend's own limit. */
  deadlineMs?: number;
  signal: AbortSignal;
  /** Called as texts complete (`done` counts texts). */
  onProgress: (progress: { done: number; total: number }) => void;
  /** Model id or alias; absent: the backend's default model. */
  model?: string;
}

/**
 * What `embed.texts` needs from whatever computes embeddings (the GPU runner in process,
 * adapted in apps/gpu-runner/src/platform/). A package never imports an app, so the
 * handler depends on this instead of the runner's types.
 */
export interface EmbedTextsBackend {
  embed(texts: readonly string[], request: EmbedTextsRequest): Promise<{ model: string; dimension: number; embeddings: number[][] }>;
  /**
   * Why no later attempt can succeed (bad input, unknown model), as the task's error; null
   * when a retry may (a full queue, memory pressure, a failed batch).
   */
  permanentFailure(err: unknown): string | null;
}

export interface EmbedTextsHandlerOptions {
  /** Priority in the backend's request queue (default low: interactive HTTP callers go first). */
  priority?: Priority;
  /** Passed to the backend; absent: the backend's limit (the task's timeout still applies through its signal). */
  deadlineMs?: number;
  /** Least time between two progress reports (each is a Redis write and a stream event); default 250 ms. */
  progressIntervalMs?: number;
}

/**
 * The `embed.texts` handler: the backend's embed, cancelled through the task's AbortSignal,
 * progress forwarded to the pool's event stream. Permanent failures become NonRetryableError
 * (dead after one attempt); everything else stays retryable (the pool's backoff applies).
 */
export function createEmbedTextsHandler(backend: EmbedTextsBackend, options: EmbedTextsHandlerOptions = {}): TaskHandler<"embed.texts"> {
  const priority = options.priority ?? "low";
  const intervalMs = options.progressIntervalMs ?? 250;
  return async (ctx) => {
    const { texts, model } = ctx.payload;
    const progress = progressReporter(ctx, texts.length, intervalMs);
    try {
      const r = await backend.embed(texts, {
        priority,
        ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
        signal: ctx.signal,
        onProgress: progress.update,
        ...(model !== undefined ? { model } : {}),
      });
      await progress.flush();
      return { model: r.model, dimension: r.dimension, embeddings: r.embeddings };
    } catch (err) {
      await progress.flush();
      const permanent = backend.permanentFailure(err);
      throw permanent === null ? err : new NonRetryableError(permanent);
    }
  };
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
