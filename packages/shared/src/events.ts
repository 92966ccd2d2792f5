import { z } from "zod";
import { poolNameSchema } from "./pools.js";
import { progressSchema } from "./progress.js";

/**
 * The socket.io event catalog, validated on both sides.
 * Every task event carries `seq`: the Redis stream id of the pool's event log
 * ("<ms>-<n>"), strictly increasing per pool, which a client hands back to resume.
 */
export const TASK_EVENT_KINDS = [
  "queued",
  "active",
  "progress",
  "completed",
  "failed",
  "retrying",
  "stalled",
  "removed",
] as const;
export const taskEventKindSchema = z.enum(TASK_EVENT_KINDS);

export const seqSchema = z.string().regex(/^\d+-\d+$/, "a sequence number looks like 1700000000000-0");

export const taskEventSchema = z.object({
  seq: seqSchema,
  pool: poolNameSchema,
  taskId: z.string(),
  kind: taskEventKindSchema,
  at: z.number().int(),
  progress: progressSchema.optional(),
  result: z.unknown().optional(),
  error: z.string().optional(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

/**
 * Sent before any replayed event when a client's resume point (`since`, or SSE's Last-Event-ID)
 * is older than what the pool's stream still holds: events after `requestedSince` and before
 * `oldestAvailable` were trimmed and cannot be replayed. The client should reload its state
 * (e.g. GET the task) rather than trust the replay to be complete. `taskId` names the
 * subscription it answers when that is a task's.
 */
export const gapEventSchema = z.object({
  pool: poolNameSchema,
  taskId: z.string().optional(),
  requestedSince: seqSchema,
  /** The oldest event still retained (the newest written when the stream holds none). */
  oldestAvailable: seqSchema,
});
export type GapEvent = z.infer<typeof gapEventSchema>;

export const subscribeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("task"), taskId: z.string().min(1).max(100), since: seqSchema.optional() }).strict(),
  z.object({ kind: z.literal("pool"), pool: poolNameSchema, since: seqSchema.optional() }).strict(),
]);
export type Subscribe = z.infer<typeof subscribeSchema>;

export const unsubscribeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("task"), taskId: z.string().min(1).max(100) }).strict(),
  z.object({ kind: z.literal("pool"), pool: poolNameSchema }).strict(),
]);
export type Unsubscribe = z.infer<typeof unsubscribeSchema>;

export const subscribeAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    replayed: z.number().int(),
    /**
     * Where the subscription starts (its `since`, or the stream's position when none was given).
     * A client that has seen no event yet resumes from here after a reconnect, so events written
     * while it was away are replayed rather than lost. Absent on unsubscribe answers.
     */
    from: seqSchema.optional(),
  }),
  z.object({
    ok: z.literal(false),
    error: z.string(),
    /** The refusal may pass (the event stream could not be read): trying again later can succeed. Absent: it will not. */
    retryable: z.boolean().optional(),
  }),
]);
export type SubscribeAck = z.infer<typeof subscribeAckSchema>;

/**
 * How long a client waits before trying a `retryable` refusal again on the same connection:
 * 1, 2, 4, 8, 16 s, then every 30 s (attempt 0 is the wait after the first refusal).
 */
export function subscribeRetryDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** attempt, 30_000);
}

/**
 * Event names on the wire (socket.io events; SSE `event:` fields). Server to client: "task:event",
 * "gap". Client to server: "subscribe", "unsubscribe".
 */
export const SOCKET_EVENTS = {
  taskEvent: "task:event",
  gap: "gap",
  subscribe: "subscribe",
  unsubscribe: "unsubscribe",
} as const;

export interface ServerToClientEvents {
  "task:event": (event: TaskEvent) => void;
  gap: (event: GapEvent) => void;
}
export interface ClientToServerEvents {
  subscribe: (req: Subscribe, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: Unsubscribe, ack: (res: SubscribeAck) => void) => void;
}
