import { z } from "zod";

export const TASK_STATUSES = ["queued", "active", "completed", "failed", "cancelled"] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/**
 * Order in which a task's status may only move forward when history rows
 * arrive out of order (a completion flushed before its queued row).
 */
export const STATUS_RANK: Record<TaskStatus, number> = {
  queued: 0,
  active: 1,
  completed: 2,
  failed: 2,
  cancelled: 2,
};
