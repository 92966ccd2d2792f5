/** Task outcomes over time for the dashboard's charts (get-task-stats). */
export interface TaskStatsRepo {
  /** Per pool and minute of finishing, oldest first; minutes with nothing finished are absent. */
  perMinute(query: TaskStatsQuery): Promise<TaskStatsBucket[]>;
}

/** One pool's finished tasks in one minute. */
export interface TaskStatsBucket {
  pool: string;
  /** Start of the minute (UTC). */
  minute: Date;
  completed: number;
  /** Dead (retries exhausted or not retryable); older rows say "failed". Cancelled tasks are not counted. */
  failed: number;
  /** Run time (startedAt → finishedAt) of the completed tasks, nearest rank; null when none had a start time. */
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface TaskStatsQuery {
  /** Finished at or after this time. */
  since: Date;
  /** Finished before this time. */
  until: Date;
  pool?: string;
}
