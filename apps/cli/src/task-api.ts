import { z } from "zod";
import { isTerminalStatus, taskViewSchema, type TaskView } from "@switchyard/shared";
import type { ApiClient, Query } from "./api-client.js";
import { throwIfInterrupted } from "./interrupt.js";

/** The task endpoints the CLI reads, shared by several commands. */
export function getTask(api: ApiClient, id: string): Promise<TaskView> {
  return api.get(taskViewSchema, `/api/v1/tasks/${encodeURIComponent(id)}`);
}

export const taskPageSchema = z.object({ items: z.array(taskViewSchema), nextCursor: z.string().nullable() });
export type TaskPage = z.infer<typeof taskPageSchema>;

/** Terminal as the CLI sees it: completed, dead (or the older "failed"), cancelled. */
export function isFinished(task: Pick<TaskView, "status">): boolean {
  return isTerminalStatus(task.status);
}

/** One page of a task list, or with `all` every page by following the cursor. */
export async function fetchTaskPages(api: ApiClient, path: string, query: Query, all: boolean, signal: AbortSignal): Promise<TaskPage> {
  const items: TaskView[] = [];
  let cursor = query["cursor"];
  let next: string | null = null;
  do {
    throwIfInterrupted(signal);
    const page = await api.get(taskPageSchema, path, { ...query, cursor });
    items.push(...page.items);
    next = page.nextCursor;
    cursor = next ?? undefined;
  } while (all && next);
  return { items, nextCursor: next };
}
