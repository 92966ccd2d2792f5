import type { Task } from "../generated/sqlite/client.js";
import type { AttemptRecord, TaskProgress, TaskRow } from "./task-row.js";

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
    attemptLog: parseAttemptLog(model.attemptLog),
    ...(model.submittedBy !== null ? { submittedBy: model.submittedBy } : {}),
    ...(model.listedFor !== null ? { listedFor: model.listedFor } : {}),
  };
}

/**
 * The attempt log is stored as JSON: a non-array reads as none, and entries not shaped like an
 * AttemptRecord are left out rather than handed on as if they were one.
 */
export function parseAttemptLog(value: unknown): AttemptRecord[] | null {
  if (!Array.isArray(value)) return null;
  const records: AttemptRecord[] = [];
  for (const entry of value as unknown[]) {
    const record = parseAttemptRecord(entry);
    if (record) records.push(record);
  }
  return records;
}

function parseAttemptRecord(value: unknown): AttemptRecord | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { attempt, run, error, workerId, startedAt, finishedAt } = value as Record<string, unknown>;
  if (typeof attempt !== "number" || typeof run !== "number" || typeof error !== "string") return null;
  if (typeof finishedAt !== "string") return null;
  if (workerId !== null && typeof workerId !== "string") return null;
  if (startedAt !== null && typeof startedAt !== "string") return null;
  return { attempt, run, error, workerId, startedAt, finishedAt };
}

/** Progress is stored as JSON; anything not shaped like {percent, message?} reads as none. */
function parseProgress(value: unknown): TaskProgress | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { percent, message } = value as { percent?: unknown; message?: unknown };
  if (typeof percent !== "number") return null;
  return typeof message === "string" ? { percent, message } : { percent };
}
