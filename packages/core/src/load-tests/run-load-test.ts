import { fromZodIssues, RateLimitedError } from "@switchyard/shared";
import { newTaskId, type Platform, latestSeq } from "@switchyard/queue";
import { submitBulk } from "../tasks/task-service.js";
import { CompletionTracker, redisClockOffset } from "./completion-tracker.js";
import { summarizeLatencies } from "./latency-summary.js";
import { loadTestSpecSchema, type LoadTestReport, type LoadTestSpec, type LoadTestStatus } from "@switchyard/shared";

export interface RunLoadTestOptions {
  /** Stops the run (status failed, error "aborted: …"); tasks already submitted stay queued. */
  signal?: AbortSignal;
  /** Live figures, at most every progressIntervalMs, and the final report. */
  onProgress?: (report: LoadTestReport) => void;
  /** The run's id (a registry picks it before starting); a new UUIDv7 otherwise. */
  id?: string;
  progressIntervalMs?: number;
  /** How often the pool's event stream is read. */
  pollIntervalMs?: number;
}

/** Largest submitBulk call (the API's bulk limit). */
const MAX_BATCH = 1_000;

/** Validate a load test's input; throws ValidationError naming the field. */
export function parseLoadTestSpec(input: unknown): LoadTestSpec {
  const parsed = loadTestSpecSchema.safeParse(input);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues);
  return parsed.data;
}

/** The report of a run that has not submitted anything yet. */
export function initialLoadTestReport(id: string, spec: LoadTestSpec, startedAt = Date.now()): LoadTestReport {
  return {
    id,
    status: "running",
    spec,
    submitted: 0,
    completed: 0,
    failed: 0,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: null,
    durationMs: 0,
    throughputPerSec: 0,
    latencyMs: null,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Run a bounded load: `count` tasks submitted through submitBulk in batches paced to
 * `ratePerSecond` (priorities round-robin), then wait until every one has finished or
 * `timeoutMs` has passed. Latency is a task's finish time minus the time its batch was
 * submitted; throughput is completed tasks over the run's duration (start of submission to
 * the last finish). Submission is sequential, so a rate the platform can't take is
 * reported as the throughput it did reach rather than piling up requests.
 */
export async function runLoadTest(
  platform: Platform,
  input: unknown,
  options: RunLoadTestOptions = {},
): Promise<LoadTestReport> {
  const spec = parseLoadTestSpec(input);
  const id = options.id ?? newTaskId();
  const { signal, onProgress } = options;
  const progressEvery = options.progressIntervalMs ?? 250;
  const pollEvery = options.pollIntervalMs ?? 50;

  // Tasks finish in the pool's stream after this position; read it before submitting anything.
  const startSeq = await latestSeq(platform.redis, platform.prefix, spec.pool);
  const offset = await redisClockOffset(platform.redis);
  const tracker = new CompletionTracker(platform, spec.pool, startSeq, offset);
  const startedAt = Date.now();
  let submitted = 0;
  let submitting = true;
  let failure: string | null = null;
  // Wakes the waits below when the run must stop early.
  const stop = new AbortController();
  const onAbort = (): void => {
    failure ??= `aborted: ${message(signal?.reason ?? "by the caller")}`;
    stop.abort();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const deadlineTimer = setTimeout(() => stop.abort(), spec.timeoutMs);

  const report = (status: LoadTestStatus, now = Date.now()): LoadTestReport => {
    // A finished run lasts until its last task finished; any other until now.
    const end = status === "completed" ? Math.max(tracker.lastFinishedAt ?? now, startedAt) : now;
    const durationMs = Math.max(0, end - startedAt);
    return {
      ...initialLoadTestReport(id, spec, startedAt),
      status,
      submitted,
      completed: tracker.completed,
      failed: tracker.failed,
      finishedAt: status === "running" ? null : new Date(end).toISOString(),
      durationMs,
      throughputPerSec: durationMs > 0 ? Math.round((tracker.completed / durationMs) * 10_000) / 10 : 0,
      latencyMs: summarizeLatencies(tracker.latencies),
      ...(failure ? { error: failure } : {}),
    };
  };
  let lastProgress = 0;
  const progress = (force = false): void => {
    const now = Date.now();
    if (!onProgress || (!force && now - lastProgress < progressEvery)) return;
    lastProgress = now;
    try {
      onProgress(report("running", now));
    } catch {
      // A progress listener must not break the run.
    }
  };
  const allFinished = (): boolean => submitted === spec.count && tracker.pendingCount === 0;

  const submit = async (): Promise<void> => {
    const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.ceil(spec.ratePerSecond / 20)));
    while (submitted < spec.count && !stop.signal.aborted) {
      // Batch k is due when k tasks' worth of time at the target rate has passed.
      await sleep(startedAt + (submitted / spec.ratePerSecond) * 1000 - Date.now(), stop.signal);
      if (stop.signal.aborted) return;
      const n = Math.min(batchSize, spec.count - submitted);
      const tasks = Array.from({ length: n }, (_, j) => ({
        type: spec.type,
        payload: spec.payload,
        pool: spec.pool,
        priority: spec.priorities[(submitted + j) % spec.priorities.length] ?? "normal",
      }));
      const at = Date.now();
      tracker.beginSubmit();
      try {
        const { ids } = await submitBulk(platform, { tasks });
        tracker.endSubmit(ids, at);
        submitted += ids.length;
      } catch (err) {
        tracker.abortSubmit();
        if (err instanceof RateLimitedError) {
          // The pool is full: back off as told (within the deadline) and send the batch again.
          await sleep(err.retryAfterSeconds * 1000, stop.signal);
          continue;
        }
        failure ??= `submission failed after ${submitted} tasks: ${message(err)}`;
        stop.abort();
        return;
      }
      progress();
    }
  };

  const watch = async (): Promise<void> => {
    let idleSince = Date.now();
    let idleWait = 1_000;
    let nextReconcile = 0;
    while (!stop.signal.aborted) {
      try {
        const { gap, progressed } = await tracker.poll();
        const now = Date.now();
        if (progressed) {
          idleSince = now;
          idleWait = 1_000;
        }
        // Quiet with tasks unaccounted for, or the stream lost entries: ask the jobs themselves.
        const quiet = !submitting && tracker.pendingCount > 0 && now - idleSince >= idleWait;
        if ((gap || quiet) && now >= nextReconcile) {
          await tracker.reconcile();
          nextReconcile = Date.now() + 1_000;
          if (quiet) {
            idleSince = Date.now();
            idleWait = Math.min(idleWait * 2, 10_000);
          }
        }
      } catch {
        // A Redis hiccup: try again on the next round, until the deadline.
      }
      progress();
      if (allFinished()) return;
      await sleep(pollEvery, stop.signal);
    }
  };

  try {
    const watching = watch();
    await submit();
    submitting = false;
    await watching;
    if (!allFinished() && !failure) {
      // Timed out: one last look at the jobs so the partial figures are as complete as they can be.
      await tracker.poll().catch(() => undefined);
      await tracker.reconcile().catch(() => undefined);
    }
  } finally {
    clearTimeout(deadlineTimer);
    signal?.removeEventListener("abort", onAbort);
  }
  const status: LoadTestStatus = failure ? "failed" : allFinished() ? "completed" : "timed-out";
  const final = report(status);
  try {
    onProgress?.(final);
  } catch {
    // as above
  }
  return final;
}
