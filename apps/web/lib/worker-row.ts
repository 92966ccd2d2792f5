import type { api } from "./trpc-client";

/** One worker process as tRPC `workers.list` returns it (heartbeat fields plus alive/gone). */
export type WorkerRow = Awaited<ReturnType<typeof api.workers.list.query>>["workers"][number];

/** Alive first, then by id, so the list does not reshuffle between refreshes. */
export function sortWorkers(workers: readonly WorkerRow[]): WorkerRow[] {
  return [...workers].sort((a, b) => (a.status === b.status ? a.id.localeCompare(b.id) : a.status === "alive" ? -1 : 1));
}
