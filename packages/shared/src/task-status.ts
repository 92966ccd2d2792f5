import { z } from "zod";

/**
 * A task's lifecycle: queued → active → completed, or → retrying (waiting for its next
 * attempt after backoff) → active …, or → dead (retries exhausted or a non-retryable error;
 * the dead-letter list), or cancelled. `failed` is what older history rows called dead.
 */
export const TASK_STATUSES = ["queued", "active", "retrying", "completed", "dead", "cancelled"] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Statuses a task never leaves on its own (only a retry or redrive starts it again). */
export const TERMINAL_STATUSES: readonly TaskStatus[] = ["completed", "dead", "cancelled"];

/** Terminal, counting history rows from before dead letters existed (`failed`). */
export function isTerminalStatus(status: string): boolean {
  return status === "failed" || (TERMINAL_STATUSES as readonly string[]).includes(status);
}
