import { z } from "zod";

/** Highest first. The index is the BullMQ priority minus one (BullMQ: lower number = served first). */
export const PRIORITIES = ["critical", "high", "normal", "low", "bulk"] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

export function priorityFromRank(rank: number): Priority {
  return PRIORITIES[Math.min(Math.max(rank, 1), PRIORITIES.length) - 1] ?? "normal";
}
