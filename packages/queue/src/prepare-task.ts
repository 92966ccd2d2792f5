import {
  fromZodIssues,
  isTaskType,
  submitTaskSchema,
  TASK_CATALOG,
  ValidationError,
} from "@switchyard/shared";
import { newTaskId } from "./ids.js";
import type { PreparedTask } from "./job-data.js";

/**
 * Validate one submission: the envelope, then the payload against its type's schema.
 * Errors name the field path (prefixed, e.g. `tasks.3.payload.ms`, for bulk items).
 */
export function prepareTask(input: unknown, path: Array<string | number> = [], now = Date.now()): PreparedTask {
  const envelope = submitTaskSchema.safeParse(input);
  if (!envelope.success) throw fromZodIssues(envelope.error.issues, path);
  const { type, payload, priority, pool } = envelope.data;
  if (!isTaskType(type)) {
    throw new ValidationError([{ path: [...path, "type"].join("."), message: `unknown task type "${type.slice(0, 100)}"` }]);
  }
  const def = TASK_CATALOG[type];
  if (pool && pool !== def.pool && !("anyPool" in def && def.anyPool)) {
    throw new ValidationError([
      { path: [...path, "pool"].join("."), message: `task type ${type} runs in pool ${def.pool} only` },
    ]);
  }
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues, [...path, "payload"]);
  return { id: newTaskId(), type, pool: pool ?? def.pool, priority, payload: parsed.data, createdAt: now };
}
