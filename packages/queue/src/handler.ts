import type { PoolName, Progress, TaskPayload, TaskResult, TaskType } from "@switchyard/shared";

export interface TaskLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What a handler gets: its validated payload, an AbortSignal (timeout, cancel, shutdown) and progress reporting. */
export interface TaskContext<P> {
  taskId: string;
  type: TaskType;
  pool: PoolName;
  /** 1 for the first attempt. */
  attempt: number;
  payload: P;
  signal: AbortSignal;
  progress(update: Progress): Promise<void>;
  log: TaskLogger;
}

export type TaskHandler<T extends TaskType> = (ctx: TaskContext<TaskPayload<T>>) => Promise<TaskResult<T>>;

/** The one registry of handlers a worker serves. Types without a handler fail as non-retryable. */
export type HandlerRegistry = { [K in TaskType]?: TaskHandler<K> };
