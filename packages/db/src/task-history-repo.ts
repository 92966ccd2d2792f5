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
  /** Only this priority. */
  priority?: string;
  /**
   * Words that must all occur as whole words (case folded; `word*`: any word starting so) in the
   * task's id, type, payload, result or error: the full-text index of migration task_search
   * (searchTerms()). Text with no letter or digit matches nothing.
   */
  text?: string;
  /** Only tasks listed for this submitter (TaskRow.listedFor): a submitter's own tasks. */
  listedFor?: string;
  /** Only tasks created at or after this moment. */
  createdFrom?: Date;
  /** Only tasks created at or before this moment. */
  createdTo?: Date;
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
  /**
   * Deletes the finished rows among ids (at most MAX_TASK_IDS) in one statement and returns the
   * ids it deleted; unfinished and unknown ids are left alone.
   */
  deleteFinished(ids: readonly string[]): Promise<string[]>;
  /** Deletes (or with dryRun only counts) finished tasks whose finishedAt is before cutoff. */
  deleteFinishedBefore(cutoff: Date, dryRun: boolean): Promise<number>;
  /**
   * Brings the text-search index up to date (SQLite fills it late, off the hot path; at most
   * maxRows rows, 0 = all); returns how many rows were indexed. Searches call it themselves.
   */
  catchUpSearchIndex(maxRows?: number): Promise<number>;
  /** Whether text search is available (SQLite: switched on by setSearchIndexing; PostgreSQL: always). */
  searchIndexing(): Promise<boolean>;
  /** SQLite: switch text-search indexing on (rebuilds the index in the background) or off. */
  setSearchIndexing(enabled: boolean): Promise<void>;
}
