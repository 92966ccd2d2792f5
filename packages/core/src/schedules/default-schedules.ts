import type { TaskType } from "@switchyard/shared";

/** A schedule the platform knows: a task type run on a cron pattern (UTC) or every N ms. */
export interface ScheduleDefinition {
  /** The BullMQ job scheduler's id (upsertJobScheduler is idempotent by it). */
  id: string;
  type: TaskType;
  description: string;
  /** Exactly one of pattern and every. */
  pattern?: string;
  every?: number;
  payload: Record<string, unknown>;
}

/**
 * The maintenance schedules installed at web start (SCHEDULES=on). Screenshots are removed by the
 * same maintenance.cleanup run as the history rows, with the same cut-off. Edits made through the
 * API are stored beside them (schedule-service.ts) and win over these on the next start.
 */
export const DEFAULT_SCHEDULES: readonly ScheduleDefinition[] = [
  {
    id: "history-retention",
    type: "maintenance.cleanup",
    description: "Daily at 03:00 UTC: remove finished task history and screenshots older than 30 days.",
    pattern: "0 3 * * *",
    payload: { olderThanDays: 30 },
  },
  {
    id: "chroma-orphans",
    type: "maintenance.chroma-orphans",
    description: "Weekly, Sunday 04:00 UTC: remove orphan chunks from Chroma (superseded generations past an hour, malformed ids).",
    pattern: "0 4 * * 0",
    payload: {},
  },
  {
    id: "health-sweep",
    type: "maintenance.health-sweep",
    description: "Every 15 minutes: record Redis memory, database size, Chroma and GPU runner health as the task's result.",
    every: 15 * 60_000,
    payload: {},
  },
];

export function scheduleDefinition(id: string): ScheduleDefinition | undefined {
  return DEFAULT_SCHEDULES.find((s) => s.id === id);
}
