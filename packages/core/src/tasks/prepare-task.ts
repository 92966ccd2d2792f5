import type { z } from "zod";
import {
  DEFAULT_POOLS,
  fromZodIssues,
  isTaskType,
  submitTaskSchema,
  TASK_CATALOG,
  ValidationError,
  type PoolsConfig,
} from "@switchyard/shared";
import { newTaskId, type PreparedTask } from "@switchyard/queue";

export interface PrepareOptions {
  pools?: PoolsConfig;
  /** Prefix of every issue path, e.g. ["tasks", 3] for a bulk item. */
  path?: Array<string | number>;
  now?: number;
  /** The input was parsed by submitTaskSchema already (the API layer validates each operation's input): not parsed again. */
  validated?: boolean;
}

type SubmitTaskEnvelope = z.output<typeof submitTaskSchema>;

function parseEnvelope(input: unknown, path: ReadonlyArray<string | number>): SubmitTaskEnvelope {
  const envelope = submitTaskSchema.safeParse(input);
  if (!envelope.success) throw fromZodIssues(envelope.error.issues, path);
  return envelope.data;
}

/** A field's issue path under `path` (built only when an issue is reported). */
function fieldPath(path: ReadonlyArray<string | number>, field: string): string {
  return [...path, field].join(".");
}

/**
 * Validate one submission: the envelope, then the payload against its type's schema, then
 * the per-task limits against the pool's. Errors name the field path (`tasks.3.payload.ms`).
 */
export function prepareTask(input: unknown, options: PrepareOptions = {}): PreparedTask & { idempotencyKey?: string } {
  const path = options.path ?? [];
  const { type, payload, priority, pool, maxAttempts, timeoutMs, idempotencyKey } = options.validated
    ? (input as SubmitTaskEnvelope)
    : parseEnvelope(input, path);
  if (!isTaskType(type)) {
    throw new ValidationError([{ path: fieldPath(path, "type"), message: `unknown task type "${type.slice(0, 100)}"` }]);
  }
  const def = TASK_CATALOG[type];
  if (pool && pool !== def.pool && !("anyPool" in def && def.anyPool)) {
    throw new ValidationError([{ path: fieldPath(path, "pool"), message: `task type ${type} runs in pool ${def.pool} only` }]);
  }
  const poolName = pool ?? def.pool;
  const config = (options.pools ?? DEFAULT_POOLS)[poolName];
  if (maxAttempts !== undefined && maxAttempts > config.retries + 1) {
    throw new ValidationError([
      { path: fieldPath(path, "maxAttempts"), message: `pool ${poolName} allows at most ${config.retries + 1} attempts` },
    ]);
  }
  if (timeoutMs !== undefined && timeoutMs > config.timeoutMs) {
    throw new ValidationError([
      { path: fieldPath(path, "timeoutMs"), message: `pool ${poolName} allows at most ${config.timeoutMs} ms` },
    ]);
  }
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues, [...path, "payload"]);
  return {
    id: newTaskId(),
    type,
    pool: poolName,
    // The category's default when the submission names none: one property read per task.
    priority: priority ?? def.defaultPriority ?? "normal",
    payload: parsed.data,
    createdAt: options.now ?? Date.now(),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
}
