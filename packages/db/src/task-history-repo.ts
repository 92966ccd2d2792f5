import type { TaskRow } from "./task-row.js";

export interface TaskListQuery {
  status?: string;
  type?: string;
  pool?: string;
  /** Page size, a positive integer. */
  limit: number;
  /** nextCursor of the previous page; omit for the first page. */
  cursor?: string;
}

export interface TaskPage {
  /** Newest first. */
  items: TaskRow[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
}

/** Task history: written in batches from the hot path, read by the dashboard and API. */
export interface TaskHistoryRepo {
  /**
   * Inserts or updates rows in as few statements as possible. A row replaces the stored one
   * only when its version is at least the stored version, so batches from several processes
   * may land in any order.
   */
  upsertMany(rows: readonly TaskRow[]): Promise<void>;
  get(id: string): Promise<TaskRow | null>;
  list(query: TaskListQuery): Promise<TaskPage>;
  countByStatus(): Promise<Record<string, number>>;
  /** Deletes (or with dryRun only counts) finished tasks whose finishedAt is before cutoff. */
  deleteFinishedBefore(cutoff: Date, dryRun: boolean): Promise<number>;
}
