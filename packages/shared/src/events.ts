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
  z.object({ ok: z.literal(true), replayed: z.number().int() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SubscribeAck = z.infer<typeof subscribeAckSchema>;

/** Event names on the wire. Server to client: "task:event". Client to server: "subscribe", "unsubscribe". */
export const SOCKET_EVENTS = {
  taskEvent: "task:event",
  subscribe: "subscribe",
  unsubscribe: "unsubscribe",
} as const;

export interface ServerToClientEvents {
  "task:event": (event: TaskEvent) => void;
}
export interface ClientToServerEvents {
  subscribe: (req: Subscribe, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: Unsubscribe, ack: (res: SubscribeAck) => void) => void;
}
