import { v7 as uuidv7 } from "uuid";

/** Task ids are UUIDv7: time-ordered, so "newest first" is "id descending". */
export function newTaskId(): string {
  return uuidv7();
}
