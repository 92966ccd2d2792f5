import { z } from "zod";
import { poolNameSchema, taskTypeSchema } from "@switchyard/shared";

/** The fewest milliseconds between two runs of an `every` schedule. */
export const MIN_EVERY_MS = 1_000;

export const scheduleIdSchema = z.string().min(1).max(100).regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes");

export const scheduleViewSchema = z.object({
  id: z.string(),
  type: taskTypeSchema,
  pool: poolNameSchema,
  description: z.string(),
  /** Cron pattern, evaluated in UTC; null for an `every` schedule. */
  pattern: z.string().nullable(),
  /** Milliseconds between runs; null for a cron schedule. */
  every: z.number().int().nullable(),
  payload: z.record(z.string(), z.unknown()),
  /** Whether the scheduler is installed in Redis (a disabled one keeps its settings). */
  enabled: z.boolean(),
  /** ISO time of the next run; null when disabled. */
  nextRunAt: z.string().nullable(),
  /** The newest run in the history (scheduled or run now), if any. */
  lastRun: z.object({ taskId: z.string(), status: z.string(), createdAt: z.string() }).nullable(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

export const scheduleListSchema = z.object({ schedules: z.array(scheduleViewSchema) });

export const schedulePatchSchema = z
  .object({
    /** A cron pattern (5 fields, or 6 with seconds), UTC; replaces `every`. */
    pattern: z.string().min(1).max(200).optional(),
    /** Milliseconds between runs; replaces `pattern`. */
    every: z.number().int().min(MIN_EVERY_MS).max(366 * 86_400_000).optional(),
    /** The task's payload, checked against its type's schema. */
    payload: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((p) => !(p.pattern !== undefined && p.every !== undefined), { message: "give pattern or every, not both", path: ["every"] })
  .refine((p) => Object.keys(p).length > 0, { message: "nothing to change" });
export type SchedulePatch = z.infer<typeof schedulePatchSchema>;

export const runScheduleResultSchema = z.object({ scheduleId: z.string(), taskId: z.string() });
