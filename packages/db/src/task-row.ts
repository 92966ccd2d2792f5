/** Progress as reported by a running task. */
export interface TaskProgress {
  percent: number;
  message?: string;
}

/** One task's history row, as written by the platform and read back by the dashboard and API. */
export interface TaskRow {
  /** UUIDv7: ordering by id is ordering by creation. */
  id: string;
  type: string;
  pool: string;
  priority: string;
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
}

/** Statuses after which a task never changes again; retention deletes only these. */
export const FINISHED_STATUSES = ["completed", "failed", "cancelled"] as const;
