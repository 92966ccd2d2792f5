import type { TaskRow } from "./task-row.js";

/** Most ids one list() or getMany() call takes (bounds the statement's parameter list). */
export const MAX_TASK_IDS = 1_000;

export interface TaskListQuery {
  status?: string;
  type?: string;
  pool?: string;
  /** Case-insensitive substring of `error`; tasks without an error never match. */
  errorContains?: string;
  /** Only tasks with finishedAt at or after this moment (unfinished tasks never match). */
  finishedSince?: Date;
  /** Only these tasks (at most MAX_TASK_IDS); still newest first and paged. */
  ids?: string[];
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

export interface TaskFinishState {
  id: string;
  status: string;
  finishedAt: Date | null;
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
  /** The stored rows among ids (at most MAX_TASK_IDS), in the order of ids; unknown ids are left out. */
  getMany(ids: readonly string[]): Promise<TaskRow[]>;
  /**
   * Status and finishedAt of the stored rows among ids (at most MAX_TASK_IDS), in no particular
   * order: a light read for checking many rows at once (the history reconciler).
   */
  getFinishStates(ids: readonly string[]): Promise<TaskFinishState[]>;
  list(query: TaskListQuery): Promise<TaskPage>;
  countByStatus(): Promise<Record<string, number>>;
  /** Deletes (or with dryRun only counts) finished tasks whose finishedAt is before cutoff. */
  deleteFinishedBefore(cutoff: Date, dryRun: boolean): Promise<number>;
}
