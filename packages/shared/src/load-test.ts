import { z } from "zod";
import { poolNameSchema } from "./pools.js";
import { prioritySchema } from "./priorities.js";
import { TASK_CATALOG, taskTypeSchema } from "./task-catalog.js";

export const LOAD_TEST_MAX_COUNT = 100_000;
export const LOAD_TEST_MAX_RATE = 50_000;
export const LOAD_TEST_MAX_TIMEOUT_MS = 600_000;

/**
 * POST /load-tests: `count` tasks of one type, submitted at `ratePerSecond` with the
 * priorities taken round-robin. The payload is checked against the type's schema here, so a
 * bad one is a 400 before anything is enqueued.
 */
export const loadTestSpecSchema = z
  .object({
    count: z.number().int().min(1).max(LOAD_TEST_MAX_COUNT),
    type: taskTypeSchema.default("diagnostic.noop"),
    payload: z.unknown().optional(),
    /** Only types that may run anywhere (diagnostics) accept a pool other than their own. */
    pool: poolNameSchema.optional(),
    priorities: z.array(prioritySchema).min(1).max(100).default(["normal"]),
    ratePerSecond: z.number().int().min(1).max(LOAD_TEST_MAX_RATE).default(1_000),
    /** The whole run: submission and completion. */
    timeoutMs: z.number().int().min(100).max(LOAD_TEST_MAX_TIMEOUT_MS).default(120_000),
  })
  .strict()
  .transform((spec, ctx) => {
    const def = TASK_CATALOG[spec.type];
    if (spec.pool !== undefined && spec.pool !== def.pool && !("anyPool" in def && def.anyPool)) {
      ctx.addIssue({ code: "custom", path: ["pool"], message: `task type ${spec.type} runs in pool ${def.pool} only` });
      return z.NEVER;
    }
    const payload = def.payload.safeParse(spec.payload ?? {});
    if (!payload.success) {
      for (const issue of payload.error.issues) {
        ctx.addIssue({ code: "custom", path: ["payload", ...issue.path], message: issue.message });
      }
      return z.NEVER;
    }
    return { ...spec, payload: payload.data as unknown, pool: spec.pool ?? def.pool };
  });
export type LoadTestSpecInput = z.input<typeof loadTestSpecSchema>;

/** A validated spec: payload parsed (defaults applied), pool resolved. */
export const resolvedLoadTestSpecSchema = z.object({
  count: z.number().int(),
  type: taskTypeSchema,
  payload: z.unknown(),
  pool: poolNameSchema,
  priorities: z.array(prioritySchema),
  ratePerSecond: z.number().int(),
  timeoutMs: z.number().int(),
});
export type LoadTestSpec = z.infer<typeof resolvedLoadTestSpecSchema>;

export const LOAD_TEST_STATUSES = ["running", "completed", "failed", "timed-out"] as const;
export type LoadTestStatus = (typeof LOAD_TEST_STATUSES)[number];

/** Milliseconds from submission to completion, over the tasks that completed. */
export const latencySummarySchema = z.object({
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});
export type LatencySummary = z.infer<typeof latencySummarySchema>;

/**
 * A run's report, live while it runs. `completed`/`failed` count tasks that finished
 * (failed = failed for good: dead or cancelled); `status` is the run's own outcome:
 * completed once every submitted task finished, timed-out at timeoutMs with partial
 * figures, failed when the run itself broke (e.g. submission refused) or was aborted.
 */
export const loadTestReportSchema = z.object({
  id: z.string(),
  status: z.enum(LOAD_TEST_STATUSES),
  spec: resolvedLoadTestSpecSchema,
  submitted: z.number().int().min(0),
  completed: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** ISO times; finishedAt is when the last task finished (or the run stopped), null while running. */
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().min(0),
  /** Completed tasks per second over durationMs. */
  throughputPerSec: z.number().min(0),
  latencyMs: latencySummarySchema.nullable(),
  error: z.string().optional(),
});
export type LoadTestReport = z.infer<typeof loadTestReportSchema>;
