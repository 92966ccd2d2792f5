import { cancelTask, getTask, submitBulk, submitTask } from "@switchyard/core";
import { globalKey, jobTask, TaskDeferredError, type Platform } from "@switchyard/queue";
import { RateLimitedError } from "@switchyard/shared";
import type { BatchChildren, ChildOutcome, SubmitIngest } from "@switchyard/tasks";

/** How long a batch remembers its children's ids (it normally finishes within the batch pool's timeout). */
const CHILDREN_TTL_SECONDS = 7 * 86_400;

/**
 * Tasks that handlers create (scrape → ingest, a batch's children) go through the same submit
 * path as the API's (core task-service: validation, backpressure, history), on the worker's
 * own producer Platform. A full pool defers the handler (no attempt spent) instead of failing it.
 */
export function createTaskSubmitter(platform: Platform): { submitIngest: SubmitIngest; batchChildren: BatchChildren } {
  return {
    async submitIngest(doc) {
      const { collection, ...document } = doc;
      const submitted = await deferWhenFull(() => submitTask(platform, { type: "ingest.document", payload: { ...document, collection } }));
      return { taskId: submitted.id };
    },
    batchChildren: {
      async submit(batchTaskId, tasks) {
        // Submitted once per batch: a resumed or retried batch finds the ids it stored.
        const key = globalKey(platform.prefix, `batch-children:${batchTaskId}`);
        const stored = await platform.redis.get(key);
        if (stored !== null) return JSON.parse(stored) as string[];
        // Children run at the batch's priority (a critical batch's children are critical) and
        // belong to whoever submitted the batch, so a submitter reads them as its own.
        const { priority, pool, submittedBy } = await getTask(platform, batchTaskId);
        // The batch is running, so its job is in Redis; its data says whether it is listed for its submitter.
        const batchJob = submittedBy ? await platform.queue(pool).getJob(batchTaskId) : undefined;
        const listed = batchJob ? (jobTask(batchJob)?.listed ?? false) : false;
        const { ids } = await deferWhenFull(() =>
          submitBulk(platform, { tasks: tasks.map((t) => ({ ...t, priority })) }, submittedBy ? { submittedBy, listedForSubmitter: listed } : {}),
        );
        await platform.redis.set(key, JSON.stringify(ids), "EX", CHILDREN_TTL_SECONDS);
        return ids;
      },
      async finished(ids) {
        const out = new Map<string, ChildOutcome>();
        for (const s of await platform.db.tasks.getFinishStates(ids)) {
          if (s.status === "completed" || s.status === "dead" || s.status === "failed" || s.status === "cancelled") out.set(s.id, s.status);
        }
        return out;
      },
      async cancel(ids) {
        for (const id of ids) {
          // One that finished meanwhile answers 409; nothing to do for it.
          await cancelTask(platform, id, "its scrape.batch").catch(() => undefined);
        }
      },
    },
  };
}

async function deferWhenFull<T>(submit: () => Promise<T>): Promise<T> {
  try {
    return await submit();
  } catch (err) {
    if (err instanceof RateLimitedError) throw new TaskDeferredError(err.message, Date.now() + err.retryAfterSeconds * 1_000);
    throw err;
  }
}
