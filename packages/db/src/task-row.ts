/** Progress as reported by a running task. */
export interface TaskProgress {
  percent: number;
  message?: string;
}

/** One failed attempt of a task, kept so the history shows why each try ended. Times are ISO strings. */
export interface AttemptRecord {
  attempt: number;
  /** Which run of the task (a manual re-run starts a new run). */
  run: number;
  error: string;
  workerId: string | null;
  startedAt: string | null;
  finishedAt: string;
}

/** One task's history row, as written by the platform and read back by the dashboard and API. */
export interface TaskRow {
  /** UUIDv7: ordering by id is ordering by creation. */
  id: string;
  type: string;
  pool: string;
  priority: string;
  /** queued | active | retrying | completed | dead | cancelled; rows written before "dead" existed may say "failed". */
  status: string;
  payload: unknown | null;
  result: unknown | null;
  error: string | null;
  progress: TaskProgress | null;
  attempts: number;
  /** Writes converge on the highest version, whatever order they arrive in. */
  version: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  /** Failed attempts so far, oldest first; null when the writer did not send one (the stored log is kept). */
  attemptLog: AttemptRecord[] | null;
  /** Who submitted it ("user:<id>" or "token:<id>"); null or absent: the platform, or unknown. Never changes. */
  submittedBy?: string | null;
  /** submittedBy, when the submitter reads only its own tasks: what its own-task list finds. Never changes. */
  listedFor?: string | null;
}

/** Every status the platform writes now. */
export const TASK_STATUSES = ["queued", "active", "retrying", "completed", "dead", "cancelled"] as const;

/**
 * Statuses after which a task never changes again; retention deletes only these.
 * "failed" is the old name of "dead": rows stored before the rename still count as finished.
 */
export const FINISHED_STATUSES = ["completed", "dead", "cancelled", "failed"] as const;
