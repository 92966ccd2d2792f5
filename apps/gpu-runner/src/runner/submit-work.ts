import type { Priority } from "@switchyard/shared";
import type { PendingRequest } from "../engine/pending-request.js";
import type { QueueEntry } from "../engine/request-queue.js";
import { CancelledError, QueueFullError, ShuttingDownError } from "../errors.js";
import type { RunnerMetrics } from "../metrics.js";
import type { CancelSignal } from "../runner-api.js";
import type { Engine } from "./engine.js";
import type { RunnerState } from "./lifecycle.js";
import type { WorkInput, WorkItem } from "./work-item.js";

export type SubmitWork = <R>(req: PendingRequest<R>, inputs: WorkInput[], priority: Priority, deadline: number, signal: CancelSignal | undefined) => Promise<R[]>;

/**
 * Enqueue one request's parts. A request larger than the queue goes in windows of half the
 * queue: the first is admitted (or refused) like any request, later ones follow as earlier
 * parts complete. Failure of any part (or cancel) takes the rest off the queue.
 */
export function createSubmitter(args: { engine: Engine; metrics: RunnerMetrics; state: RunnerState }): SubmitWork {
  const { engine, metrics, state } = args;
  const { queue, batcher } = engine;

  const refuseFull = (slots: number): never => {
    metrics.refusals.inc({ reason: "queue_full" });
    throw new QueueFullError(queue.depth + slots, queue.maxDepth, engine.retryAfterSeconds());
  };

  return <R>(req: PendingRequest<R>, inputs: WorkInput[], priority: Priority, deadline: number, signal: CancelSignal | undefined): Promise<R[]> => {
    const total = inputs.reduce((s, i) => s + i.slots, 0);
    const window = Math.max(1, Math.floor(queue.maxDepth / 2));
    const firstCount = total <= queue.maxDepth ? inputs.length : countWithin(inputs, window);
    const entries: Array<QueueEntry<WorkItem>> = [];
    let next = 0;
    const enqueue = (count: number, force: boolean): boolean => {
      const batchInputs: Array<{ item: WorkItem; priority: Priority; deadlineAt: number; groupKey: string; slots: number }> = [];
      for (let i = next; i < next + count; i++) {
        const w = inputs[i];
        if (w) batchInputs.push({ item: w.item, priority, deadlineAt: deadline, groupKey: w.groupKey, slots: w.slots });
      }
      const added = queue.tryEnqueue(batchInputs, force);
      if (!added) return false;
      for (const e of added) entries.push(e);
      next += count;
      batcher.notify();
      return true;
    };
    if (!enqueue(firstCount, false)) refuseFull(inputs.slice(0, firstCount).reduce((s, i) => s + i.slots, 0));
    req.onFail = () => {
      for (const e of entries) queue.remove(e);
      next = inputs.length;
    };
    if (next < inputs.length) {
      void (async () => {
        while (next < inputs.length && !req.isSettled) {
          const outstanding = next - req.completed;
          if (outstanding >= window) {
            await req.waitFor(next - Math.floor(window / 2));
            continue;
          }
          if (!state.accepting) return req.fail(new ShuttingDownError());
          enqueue(countWithin(inputs.slice(next), window - outstanding), true);
        }
      })();
    }
    if (signal) {
      const onAbort = (): void => {
        const r = signal.reason;
        const reason = r instanceof Error ? r.message : typeof r === "string" ? r : "aborted";
        req.fail(new CancelledError(reason));
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        req.promise.then(
          () => signal.removeEventListener("abort", onAbort),
          () => signal.removeEventListener("abort", onAbort),
        );
      }
    }
    return req.promise;
  };
}

/** How many of `inputs` fit in `slots` (at least one). */
function countWithin(inputs: ReadonlyArray<{ slots: number }>, slots: number): number {
  let used = 0;
  let n = 0;
  for (const i of inputs) {
    if (n > 0 && used + i.slots > slots) break;
    used += i.slots;
    n++;
  }
  return Math.max(1, n);
}
