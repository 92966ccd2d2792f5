import { z } from "zod";
import { poolNameSchema } from "./pools.js";
import { prioritySchema } from "./priorities.js";
import { taskStatusSchema } from "./task-status.js";

/** Limits shared by REST and tRPC. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BULK_TASKS = 1_000;

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

/** The envelope of one submission; the payload is checked against its type's schema afterwards. */
export const submitTaskSchema = z
  .object({
    type: z.string().min(1).max(100),
    payload: z.unknown().default({}),
    /** Absent: the type's category default (rag critical, ingest and scrape normal, batch bulk, maintenance low). */
    priority: prioritySchema.optional(),
    /** Only diagnostic types may be routed to a pool other than their default. */
    pool: poolNameSchema.optional(),
    /** Total attempts for this task; at most the pool's retries + 1. */
    maxAttempts: z.number().int().min(1).max(26).optional(),
    /** Per-attempt time limit; at most the pool's timeout. */
    timeoutMs: z.number().int().min(100).max(24 * 3600 * 1000).optional(),
    /** Same as the Idempotency-Key header: a repeat within 24 h returns the original task. */
    idempotencyKey: idempotencyKeySchema.optional(),
  })
  .strict();
export type SubmitTaskInput = z.input<typeof submitTaskSchema>;

export const bulkSubmitSchema = z
  .object({ tasks: z.array(z.unknown()).min(1).max(MAX_BULK_TASKS) })
  .strict();


/** An ISO timestamp or epoch milliseconds, as a query parameter. */
const sinceSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const ms = /^\d+$/.test(v) ? Number(v) : /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : Number.NaN;
    if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) {
      ctx.addIssue({ code: "custom", message: "must be an ISO date-time or epoch milliseconds" });
      return z.NEVER;
    }
    return new Date(ms);
  });

/** Most characters of a task search text (`q`). */
export const MAX_SEARCH_TEXT = 200;

/**
 * The filters of the task list and of bulk actions on a filter. `q`: words that must all occur as
 * whole words (case folded; `word*`: any word starting so) in the task's id, type, payload, result or error;
 * `from`/`to`: createdAt bounds, inclusive.
 */
const taskFilterShape = {
  status: taskStatusSchema.optional(),
  type: z.string().max(100).optional(),
  pool: poolNameSchema.optional(),
  priority: prioritySchema.optional(),
  q: z
    .string()
    .max(MAX_SEARCH_TEXT)
    .regex(/[\p{L}\p{N}]/u, "must contain a letter or digit")
    .optional(),
  from: sinceSchema.optional(),
  to: sinceSchema.optional(),
};

export const listTasksQuerySchema = z
  .object({
    ...taskFilterShape,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

/** A bulk action's filter: the list's filters, at least one of them. */
export const taskFilterSchema = z
  .object(taskFilterShape)
  .strict()
  .refine((f) => Object.values(f).some((v) => v !== undefined), { message: "give at least one filter" });
export type TaskFilter = z.infer<typeof taskFilterSchema>;

/** Ours are 22 sortable characters; a scheduled run's id is BullMQ's `repeat:<schedule>:<ms>`. */
export const taskIdSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_:-]+$/, "invalid task id");

export const submitResponseSchema = z.object({
  id: z.string(),
  status: taskStatusSchema,
  pool: poolNameSchema,
  priority: prioritySchema,
});
export type SubmitResponse = z.infer<typeof submitResponseSchema>;

/** GET /dead-letters: dead tasks, newest first. `error` matches a substring of the error, case-insensitively. */
export const deadLetterQuerySchema = z
  .object({
    type: z.string().max(100).optional(),
    pool: poolNameSchema.optional(),
    error: z.string().min(1).max(200).optional(),
    since: sinceSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type DeadLetterQuery = z.infer<typeof deadLetterQuerySchema>;

export const MAX_REDRIVE = 100_000;

/** POST /dead-letters/redrive: either explicit ids or a filter (the same fields as the list). */
export const redriveSchema = z.union([
  z.object({ ids: z.array(taskIdSchema).min(1).max(MAX_REDRIVE) }).strict(),
  z
    .object({
      filter: z
        .object({
          type: z.string().max(100).optional(),
          pool: poolNameSchema.optional(),
          error: z.string().min(1).max(200).optional(),
          since: sinceSchema.optional(),
        })
        .strict(),
      limit: z.number().int().min(1).max(MAX_REDRIVE).default(MAX_REDRIVE),
    })
    .strict(),
]);
export type RedriveInput = z.infer<typeof redriveSchema>;

export const redriveResultSchema = z.object({
  requested: z.number().int(),
  redriven: z.number().int(),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type RedriveResult = z.infer<typeof redriveResultSchema>;

/** PATCH /pools/:name. */
export const poolPatchSchema = z
  .object({
    state: z.enum(["paused", "running"]).optional(),
    /** Per worker process, applied live by every worker serving the pool. */
    concurrency: z.number().int().min(1).max(1000).optional(),
    /** Remove every waiting task (they become cancelled); active ones finish. */
    drain: z.literal(true).optional(),
  })
  .strict()
  .refine((v) => v.state !== undefined || v.concurrency !== undefined || v.drain !== undefined, {
    message: "give at least one of state, concurrency, drain",
  });
export type PoolPatch = z.infer<typeof poolPatchSchema>;

/** Most ids of one bulk action by ids. */
export const MAX_BULK_ACTION_IDS = 1_000;
/** Most tasks one bulk action on a filter acts on (the newest that match). */
export const MAX_BULK_ACTION_MATCHES = 100_000;
export const BULK_TASK_ACTIONS = ["cancel", "retry", "delete"] as const;
export type BulkTaskAction = (typeof BULK_TASK_ACTIONS)[number];

/**
 * POST /tasks/bulk-action: cancel, retry or delete the tasks named by `ids` or matching `filter`.
 * dryRun: count only (matched, and how many would be acted on by their recorded status).
 */
export const bulkTaskActionSchema = z
  .object({
    action: z.enum(BULK_TASK_ACTIONS),
    ids: z.array(taskIdSchema).min(1).max(MAX_BULK_ACTION_IDS).optional(),
    filter: taskFilterSchema.optional(),
    /** With a filter: act on at most this many (the newest that match). */
    limit: z.number().int().min(1).max(MAX_BULK_ACTION_MATCHES).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .refine((v) => (v.ids === undefined) !== (v.filter === undefined), { message: "give either ids or filter" })
  .refine((v) => v.limit === undefined || v.filter !== undefined, { message: "limit goes with a filter", path: ["limit"] });
export type BulkTaskActionInput = z.infer<typeof bulkTaskActionSchema>;

export const bulkTaskActionResultSchema = z.object({
  action: z.enum(BULK_TASK_ACTIONS),
  dryRun: z.boolean(),
  /** Tasks the ids or the filter named that exist. */
  matched: z.number().int(),
  /** Acted on (with dryRun: would be, judged by their recorded status). */
  affected: z.number().int(),
  /** Matched but left alone (not in a state the action applies to), and ids not found. */
  skipped: z.number().int(),
  /** Why tasks were skipped: reason → count. */
  skippedReasons: z.record(z.string(), z.number().int()),
  /** With a filter: more tasks matched than `limit` (or MAX_BULK_ACTION_MATCHES); only the newest were taken. */
  truncated: z.boolean(),
});
export type BulkTaskActionResult = z.infer<typeof bulkTaskActionResultSchema>;
