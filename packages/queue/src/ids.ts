import { compactUuidV7 } from "@switchyard/db";

/**
 * Task ids are UUIDv7 bits in 22 sortable characters: time-ordered, so "newest first" is
 * "id descending", and short, because the id is part of every Redis key of the task's job.
 */
export function newTaskId(): string {
  return compactUuidV7();
}
