import type { Task } from "../generated/sqlite/client.js";
import type { TaskProgress, TaskRow } from "./task-row.js";

/** A Prisma Task model as the TaskRow the platform uses. */
export function taskRowFromModel(model: Task): TaskRow {
  return {
    id: model.id,
    type: model.type,
    pool: model.pool,
    priority: model.priority,
    status: model.status,
    payload: model.payload,
    result: model.result,
    error: model.error,
    progress: parseProgress(model.progress),
    attempts: model.attempts,
    version: model.version,
    createdAt: model.createdAt,
    startedAt: model.startedAt,
    finishedAt: model.finishedAt,
    updatedAt: model.updatedAt,
  };
}

/** Progress is stored as JSON; anything not shaped like {percent, message?} reads as none. */
function parseProgress(value: unknown): TaskProgress | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { percent, message } = value as { percent?: unknown; message?: unknown };
  if (typeof percent !== "number") return null;
  return typeof message === "string" ? { percent, message } : { percent };
}
