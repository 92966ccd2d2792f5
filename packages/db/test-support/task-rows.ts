import type { TaskRow } from "../src/task-row.js";
import { uuidV7 } from "../src/uuid-v7.js";

/** A UUIDv7 that sorts after every id made before it in this process, like the platform's ids. */
export const orderedId = uuidV7;

export function taskRow(overrides: Partial<TaskRow> = {}): TaskRow {
  const now = new Date();
  return {
    id: orderedId(),
    type: "rag.query",
    pool: "rag",
    priority: "normal",
    status: "queued",
    payload: { q: "hello" },
    result: null,
    error: null,
    progress: null,
    attempts: 0,
    version: 0,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
    attemptLog: null,
    ...overrides,
  };
}
