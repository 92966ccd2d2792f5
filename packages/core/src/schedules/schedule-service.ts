import { defaultRepeatStrategy } from "bullmq";
import { z } from "zod";
import type { JobData, Platform } from "@switchyard/queue";
import {
  defaultPriorityOf,
  fromZodIssues,
  NotFoundError,
  priorityRank,
  taskDefinition,
  ValidationError,
  type PoolName,
  type TaskType,
} from "@switchyard/shared";
import { submitTask } from "../tasks/task-service.js";
import { DEFAULT_SCHEDULES, scheduleDefinition, type ScheduleDefinition } from "./default-schedules.js";
import type { SchedulePatch, ScheduleView } from "./schedule-schemas.js";

/**
 * Maintenance on schedules. Each schedule is a BullMQ job scheduler on its task type's pool queue
 * whose job template is a task as the API would enqueue it (name = task type, data = JobData), so
 * every firing is an ordinary task: the worker runs it, the history records it, list-tasks shows
 * it. Its task id is BullMQ's `repeat:<schedule>:<millis>`, one per firing: the delayed job is
 * created once per iteration and taken by one worker, so a firing runs once however many workers
 * serve the pool, and installing from several web processes is idempotent (by scheduler id).
 *
 * Settings changed through the API are kept in one Redis hash (`…:{switchyard}:schedules`, a JSON
 * value per schedule id) so a restart does not put the defaults back, and a disabled schedule
 * (its scheduler removed) keeps its settings for when it is enabled again.
 */

const storedSchema = z.object({
  pattern: z.string().optional(),
  every: z.number().int().optional(),
  payload: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
});
type StoredSchedule = z.infer<typeof storedSchema>;

function storeKey(platform: Platform): string {
  return `${platform.prefix}:{switchyard}:schedules`;
}

function poolOf(type: TaskType): PoolName {
  return taskDefinition(type).pool;
}

async function settingsOf(platform: Platform, def: ScheduleDefinition): Promise<StoredSchedule> {
  const raw = await platform.redis.hget(storeKey(platform), def.id);
  if (raw !== null) {
    try {
      const parsed = storedSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // Unreadable (written by hand?): the defaults apply, and the next update rewrites it.
    }
  }
  return { ...(def.pattern !== undefined ? { pattern: def.pattern } : { every: def.every ?? 60_000 }), payload: def.payload, enabled: true };
}

/** The payload as the task type's schema reads it (defaults filled in); 400 naming the field otherwise. */
function checkedPayload(type: TaskType, payload: unknown, path: readonly string[]): unknown {
  const parsed = taskDefinition(type).payload.safeParse(payload);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues, [...path]);
  return parsed.data;
}

/**
 * A cron pattern checked by BullMQ's own evaluation (cron-parser, in UTC), so what is accepted is
 * exactly what the scheduler will run; one that never fires again is refused too.
 */
export function checkCronPattern(pattern: string, path = "pattern"): void {
  let next: number | undefined;
  try {
    next = defaultRepeatStrategy(Date.now(), { pattern, tz: "UTC" });
  } catch (err) {
    throw new ValidationError([{ path, message: `not a valid cron pattern: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  if (next === undefined) throw new ValidationError([{ path, message: "the cron pattern never fires" }]);
}

async function install(platform: Platform, def: ScheduleDefinition, settings: StoredSchedule): Promise<void> {
  const priority = defaultPriorityOf(def.type);
  const data: JobData = { priority, payload: checkedPayload(def.type, settings.payload, ["payload"]) };
  const repeat = settings.pattern !== undefined ? { pattern: settings.pattern, tz: "UTC" } : { every: settings.every ?? 60_000 };
  await platform.queue(poolOf(def.type)).upsertJobScheduler(def.id, repeat, {
    name: def.type,
    data,
    opts: { priority: priorityRank(priority) },
  });
}

/**
 * Installs every schedule as its settings say (the defaults, or what the API stored): enabled ones
 * upserted, disabled ones removed. Safe at every start of every web process.
 */
export async function installSchedules(platform: Platform): Promise<{ installed: string[] }> {
  const installed: string[] = [];
  for (const def of DEFAULT_SCHEDULES) {
    const settings = await settingsOf(platform, def);
    if (settings.enabled) {
      await install(platform, def, settings);
      installed.push(def.id);
    } else {
      await platform.queue(poolOf(def.type)).removeJobScheduler(def.id);
    }
  }
  return { installed };
}

async function viewOf(platform: Platform, def: ScheduleDefinition): Promise<ScheduleView> {
  const settings = await settingsOf(platform, def);
  const scheduler = await platform.queue(poolOf(def.type)).getJobScheduler(def.id);
  // The newest task of the schedule's type: one indexed read, cheap enough for a list of a few.
  const { items } = await platform.db.tasks.list({ type: def.type, limit: 1 });
  const last = items[0];
  return {
    id: def.id,
    type: def.type,
    pool: poolOf(def.type),
    description: def.description,
    pattern: settings.pattern ?? null,
    every: settings.pattern !== undefined ? null : (settings.every ?? null),
    payload: settings.payload,
    enabled: scheduler !== undefined,
    nextRunAt: scheduler?.next !== undefined ? new Date(scheduler.next).toISOString() : null,
    lastRun: last ? { taskId: last.id, status: last.status, createdAt: last.createdAt.toISOString() } : null,
  };
}

export async function listSchedules(platform: Platform): Promise<{ schedules: ScheduleView[] }> {
  const schedules: ScheduleView[] = [];
  for (const def of DEFAULT_SCHEDULES) schedules.push(await viewOf(platform, def));
  return { schedules };
}

function definitionOf(id: string): ScheduleDefinition {
  const def = scheduleDefinition(id);
  if (!def) throw new NotFoundError(`schedule ${id}`);
  return def;
}

/** Changes a schedule's timing, payload or enabled state; stored first, then applied to the scheduler. */
export async function updateSchedule(platform: Platform, id: string, patch: SchedulePatch): Promise<ScheduleView> {
  const def = definitionOf(id);
  const current = await settingsOf(platform, def);
  if (patch.pattern !== undefined) checkCronPattern(patch.pattern, "patch.pattern");
  const payload = patch.payload ?? current.payload;
  checkedPayload(def.type, payload, ["patch", "payload"]);
  const timing =
    patch.pattern !== undefined
      ? { pattern: patch.pattern }
      : patch.every !== undefined
        ? { every: patch.every }
        : current.pattern !== undefined
          ? { pattern: current.pattern }
          : { every: current.every ?? 60_000 };
  const next: StoredSchedule = { ...timing, payload, enabled: patch.enabled ?? current.enabled };
  await platform.redis.hset(storeKey(platform), def.id, JSON.stringify(next));
  if (next.enabled) await install(platform, def, next);
  else await platform.queue(poolOf(def.type)).removeJobScheduler(def.id);
  return viewOf(platform, def);
}

/** Runs a schedule's task now, outside its timing, as the caller's own submission. */
export async function runSchedule(
  platform: Platform,
  id: string,
  by: { scope: string; submittedBy: string },
): Promise<{ scheduleId: string; taskId: string }> {
  const def = definitionOf(id);
  const settings = await settingsOf(platform, def);
  const outcome = await submitTask(platform, { type: def.type, payload: settings.payload }, { scope: by.scope, submittedBy: by.submittedBy });
  return { scheduleId: def.id, taskId: outcome.id };
}
