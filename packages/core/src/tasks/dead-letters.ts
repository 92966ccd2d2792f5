import type { DeadLetterQuery, RedriveInput, RedriveResult, TaskPage } from "@switchyard/shared";
import type { TaskListQuery } from "@switchyard/db";
import { type Platform, viewFromRow } from "@switchyard/queue";
import { redriveTasks } from "./task-control.js";

interface DeadFilter {
  type?: string | undefined;
  pool?: string | undefined;
  error?: string | undefined;
  since?: Date | undefined;
}

function deadQuery(f: DeadFilter, limit: number, cursor?: string): TaskListQuery {
  return {
    status: "dead",
    limit,
    ...(f.type ? { type: f.type } : {}),
    ...(f.pool ? { pool: f.pool } : {}),
    ...(f.error ? { errorContains: f.error } : {}),
    ...(f.since ? { finishedSince: f.since } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** GET /dead-letters (query as validated by deadLetterQuerySchema): dead tasks with their error and attempt history, newest first. */
export async function listDeadLetters(
  platform: Platform,
  q: DeadLetterQuery,
  /** Only this submitter's tasks (ownTasksOnly()). */
  owner?: string,
): Promise<TaskPage> {
  const query = deadQuery(q, q.limit, q.cursor);
  const page = await platform.db.tasks.list(owner !== undefined ? { ...query, listedFor: owner } : query);
  return { items: page.items.map((r) => viewFromRow(r, false)), nextCursor: page.nextCursor };
}

/** POST /dead-letters/redrive: by ids, or every dead task matching a filter (up to `limit`). Input as validated by redriveSchema. */
export async function redriveDeadLetters(platform: Platform, input: RedriveInput): Promise<RedriveResult> {
  if ("ids" in input) return redriveTasks(platform, input.ids);
  const { filter, limit } = input;
  const ids: string[] = [];
  let cursor: string | undefined;
  while (ids.length < limit) {
    const page = await platform.db.tasks.list(deadQuery(filter, Math.min(500, limit - ids.length), cursor));
    ids.push(...page.items.map((r) => r.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return redriveTasks(platform, ids);
}
