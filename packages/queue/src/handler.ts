import type { Logger } from "@switchyard/observability";
import type { PoolName, Progress, TaskPayload, TaskResult, TaskType } from "@switchyard/shared";

/** Handlers log through the process's structured logger. */
export type TaskLogger = Logger;

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
  /**
   * Call an external dependency (openai, chroma, browser, gpu-runner) through its circuit
   * breaker. While the breaker is open this throws at once and the task waits for the
   * breaker to half-open instead of spending its retries.
   */
  dependency<T>(name: DependencyName, call: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Whether an operator (or a fault test) has set the named fault flag; diagnostics only. */
  faultActive(flag: string): Promise<boolean>;
}

export const DEPENDENCY_NAMES = ["openai", "chroma", "browser", "gpu-runner"] as const;
export type DependencyName = (typeof DEPENDENCY_NAMES)[number];

/** What the worker runtime needs from a circuit-breaker registry (see breakers/). */
export interface DependencyGuard {
  execute<T>(name: DependencyName, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  snapshot(): unknown[];
}

export type TaskHandler<T extends TaskType> = (ctx: TaskContext<TaskPayload<T>>) => Promise<TaskResult<T>>;

/** The one registry of handlers a worker serves. Types without a handler fail as non-retryable. */
export type HandlerRegistry = { [K in TaskType]?: TaskHandler<K> };
