import type { api } from "./trpc-client";

/** One page of tRPC `deadLetters.list`, typed as it arrives over the wire (JSON, no transformer). */
export type DeadLetterPage = Awaited<ReturnType<typeof api.deadLetters.list.query>>;

/** One dead task (a TaskView): id, type, pool, error, attempts, attemptHistory, finishedAt… */
export type DeadTask = DeadLetterPage["items"][number];
