import type { api } from "./trpc-client";

/** One page of tRPC `tasks.list`, typed as it arrives over the wire (JSON, no transformer). */
export type TaskListPage = Awaited<ReturnType<typeof api.tasks.list.query>>;

/** One task as the list shows it (no payload). */
export type TaskRow = TaskListPage["items"][number];

/** One task with payload, result, progress and attempt history (tRPC `tasks.get`). */
export type TaskDetail = Awaited<ReturnType<typeof api.tasks.get.query>>;

/** The answer of tRPC `tasks.bulkAction` (a dry run's count or what was done). */
export type BulkActionResult = Awaited<ReturnType<typeof api.tasks.bulkAction.mutate>>;

/** States a task can be cancelled in, and states it can be run again from (as the operations define them). */
export const CANCELLABLE = ["queued", "active", "retrying"] as const;
export const RETRYABLE = ["dead", "failed", "cancelled"] as const;

export function canCancel(status: string): boolean {
  return (CANCELLABLE as readonly string[]).includes(status);
}
export function canRetry(status: string): boolean {
  return (RETRYABLE as readonly string[]).includes(status);
}

/**
 * Queued → started → finished: the wait before the (latest) start and the run after it, in ms;
 * null where a time is missing. A running task's run time counts to `now`.
 */
export function taskTimings(task: Pick<TaskDetail, "createdAt" | "startedAt" | "finishedAt">, now: number): {
  waitMs: number | null;
  runMs: number | null;
} {
  const created = Date.parse(task.createdAt);
  const started = task.startedAt ? Date.parse(task.startedAt) : Number.NaN;
  const finished = task.finishedAt ? Date.parse(task.finishedAt) : Number.NaN;
  const waitMs = Number.isFinite(started) && Number.isFinite(created) ? Math.max(0, started - created) : null;
  const runMs = Number.isFinite(started) ? Math.max(0, (Number.isFinite(finished) ? finished : now) - started) : null;
  return { waitMs, runMs };
}

/** Pretty JSON for display; `undefined` (a list row has no payload) reads as nothing. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return "";
  try {
    return JSON.stringify(value, null, 2) ?? "";
  } catch {
    return String(value);
  }
}
