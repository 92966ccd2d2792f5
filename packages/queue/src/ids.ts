import { uuidV7 } from "@switchyard/db";

/** Task ids are UUIDv7: time-ordered, so "newest first" is "id descending". */
export function newTaskId(): string {
  return uuidV7();
}
