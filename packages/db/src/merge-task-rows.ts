import type { TaskRow } from "./task-row.js";

/**
 * One row per id, combined with the same rule the upsert applies in the database (a row
 * replaces another when its version is at least as high; payload, startedAt and attemptLog survive
 * from the older row when the newer lacks them; createdAt is the earliest). Needed because
 * PostgreSQL refuses to update one row twice in a single INSERT ... ON CONFLICT.
 * Sorted by id so that concurrent writers lock rows in the same order and cannot deadlock.
 */
export function mergeTaskRows(rows: readonly TaskRow[]): TaskRow[] {
  const byId = new Map<string, TaskRow>();
  for (const row of rows) {
    const prev = byId.get(row.id);
    if (!prev) byId.set(row.id, row);
    else if (row.version >= prev.version) {
      const submittedBy = prev.submittedBy ?? row.submittedBy;
      const listedFor = prev.listedFor ?? row.listedFor;
      byId.set(row.id, {
        ...row,
        payload: row.payload ?? prev.payload,
        startedAt: row.startedAt ?? prev.startedAt,
        attemptLog: row.attemptLog ?? prev.attemptLog,
        ...(submittedBy ? { submittedBy } : {}),
        ...(listedFor ? { listedFor } : {}),
        createdAt: prev.createdAt < row.createdAt ? prev.createdAt : row.createdAt,
      });
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
