import { z } from "zod";
import { collectionNameSchema, ingestPayloadSchema, ingestResultSchema, ragAnswerSchema, ragQueryPayloadSchema } from "./collections.js";
import { batchTaskResultSchema, embedBatchPayloadSchema, scrapeBatchPayloadSchema } from "./batches.js";
import { httpUrlSchema } from "./http-url.js";
import type { PoolName } from "./pools.js";
import type { Priority } from "./priorities.js";

/**
 * The task catalog: every task type's payload and result schema and its default pool.
 * Payloads are validated at submission and again in the worker, with the same schema.
 */
export interface TaskDefinition<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly pool: PoolName;
  readonly payload: P;
  readonly result: R;
  /**
   * The priority of a submission that names none, by the type's category (seed 000: rag
   * critical, ingest and scrape normal, batch bulk, maintenance low); absent: normal.
   */
  readonly defaultPriority?: Priority;
  /** Diagnostic types may be routed to any pool (load and fault tests). */
  readonly anyPool?: boolean;
  readonly description: string;
}

function define<P extends z.ZodType, R extends z.ZodType>(d: TaskDefinition<P, R>): TaskDefinition<P, R> {
  return d;
}

const httpUrl = httpUrlSchema;
const collection = collectionNameSchema;

export const TASK_CATALOG = {
  "diagnostic.noop": define({
    type: "diagnostic.noop",
    pool: "batch",
    anyPool: true,
    description: "Does nothing; measures the platform's own overhead.",
    payload: z.object({}).strict(),
    result: z.object({ ok: z.literal(true) }),
  }),
  "diagnostic.sleep": define({
    type: "diagnostic.sleep",
    pool: "batch",
    anyPool: true,
    description: "Sleeps for ms milliseconds, reporting progress.",
    payload: z.object({ ms: z.number().int().min(0).max(600_000) }).strict(),
    result: z.object({ sleptMs: z.number() }),
  }),
  "diagnostic.flaky": define({
    type: "diagnostic.flaky",
    pool: "batch",
    anyPool: true,
    description:
      "Fails its first failTimes attempts, and every attempt while the fault flag faultFlag is set; otherwise succeeds after ms milliseconds.",
    payload: z
      .object({
        failTimes: z.number().int().min(0).max(100).default(0),
        ms: z.number().int().min(0).max(600_000).default(0),
        faultFlag: z.string().min(1).max(100).regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces").optional(),
      })
      .strict(),
    result: z.object({ attempts: z.number().int() }),
  }),
  "diagnostic.probe": define({
    type: "diagnostic.probe",
    pool: "maintenance",
    anyPool: true,
    description: "Checks an external dependency from a worker, through that dependency's circuit breaker.",
    payload: z.object({ dependency: z.enum(["openai", "chroma", "gpu-runner"]) }).strict(),
    result: z.object({ dependency: z.string(), status: z.number().int(), latencyMs: z.number() }),
  }),
  "rag.query": define({
    type: "rag.query",
    defaultPriority: "critical",
    pool: "rag",
    description: "Embed a question, search a Chroma collection (top k, metadata filter), answer with citations (chat model, or extractive without one).",
    payload: ragQueryPayloadSchema,
    result: ragAnswerSchema,
  }),
  "scrape.page": define({
    type: "scrape.page",
    defaultPriority: "normal",
    pool: "scrape",
    description: "Load one page in the browser pool (SSRF-guarded, robots.txt, per-host rate limit) and extract its text.",
    payload: z
      .object({
        url: httpUrl,
        waitForSelector: z.string().max(500).optional(),
        timeoutMs: z.number().int().min(1_000).max(180_000).optional(),
        /** Store a PNG screenshot under the worker's screenshot directory; its path is in the result. */
        screenshot: z.boolean().default(false),
        /** Hand the extracted text to ingestion (ingest.document) into this collection. */
        ingest: z.object({ collection }).strict().optional(),
      })
      .strict(),
    result: z.object({
      url: z.string(),
      finalUrl: z.string(),
      status: z.number().int(),
      title: z.string(),
      text: z.string(),
      excerpt: z.string().nullable(),
      links: z.array(z.string()),
      screenshotPath: z.string().optional(),
      /** Sub-requests of the page the SSRF guard refused. */
      blockedRequests: z.array(z.object({ url: z.string(), kind: z.enum(["request", "websocket"]), reason: z.string() })),
      /** The ingestion task created for the text, when `ingest` was asked for. */
      ingestTaskId: z.string().optional(),
    }),
  }),
  "scrape.batch": define({
    type: "scrape.batch",
    defaultPriority: "bulk",
    pool: "batch",
    description:
      "Submit one scrape.page task per URL as children (at the batch's own priority), report progress as they finish, and name them in the result.",
    payload: scrapeBatchPayloadSchema,
    result: batchTaskResultSchema,
  }),
  "embed.batch": define({
    type: "embed.batch",
    defaultPriority: "bulk",
    pool: "batch",
    description:
      "Split texts into embed.texts children (chunkSize texts each), or documents into ingest.document children (collection), at the batch's own priority; report progress as they finish.",
    payload: embedBatchPayloadSchema,
    result: batchTaskResultSchema,
  }),
  "embed.texts": define({
    type: "embed.texts",
    pool: "embed",
    description: "Embed texts through the GPU runner.",
    payload: z
      .object({ texts: z.array(z.string().min(1).max(32_000)).min(1).max(2_048), model: z.string().max(200).optional() })
      .strict(),
    result: z.object({ model: z.string(), dimension: z.number().int(), embeddings: z.array(z.array(z.number())) }),
  }),
  "ingest.document": define({
    type: "ingest.document",
    defaultPriority: "normal",
    pool: "ingest",
    description:
      "Clean a document (text, Markdown, HTML, or a URL through the scraper), split it into token-sized chunks, embed them and store them in a Chroma collection, replacing the document's earlier chunks.",
    payload: ingestPayloadSchema,
    result: ingestResultSchema,
  }),
  "maintenance.cleanup": define({
    type: "maintenance.cleanup",
    defaultPriority: "low",
    pool: "maintenance",
    description:
      "Remove finished task history and stored screenshots older than a cut-off (dryRun: only count them).",
    payload: z
      .object({ olderThanDays: z.number().int().min(1).max(3_650).default(30), dryRun: z.boolean().default(false) })
      .strict(),
    result: z.object({
      dryRun: z.boolean(),
      /** ISO time: what finished (or was written) before it is removed. */
      cutoff: z.string(),
      /** Finished task history rows removed (or, with dryRun, that would be). */
      historyRows: z.number().int(),
      /** Screenshot files removed (or that would be). */
      screenshots: z.number().int(),
      /** historyRows + screenshots. */
      removed: z.number().int(),
    }),
  }),
  "maintenance.health-sweep": define({
    type: "maintenance.health-sweep",
    defaultPriority: "low",
    pool: "maintenance",
    description:
      "Check Redis memory against maxmemory, the database's size, Chroma's heartbeat and the GPU runner's /health; the findings are the result.",
    payload: z
      .object({
        /** Redis used_memory at or above this share of maxmemory is a warning. */
        redisMemoryWarnPercent: z.number().int().min(1).max(100).default(80),
        /** A database at or above this size (MiB) is a warning. */
        databaseWarnMiB: z.number().int().min(1).max(10_000_000).default(10_240),
      })
      .strict(),
    result: z.object({
      checkedAt: z.string(),
      /** The worst finding: fail > warn > ok (skipped ones do not count). */
      status: z.enum(["ok", "warn", "fail"]),
      findings: z.array(
        z.object({
          check: z.enum(["redis-memory", "database-size", "chroma", "gpu-runner"]),
          status: z.enum(["ok", "warn", "fail", "skipped"]),
          message: z.string(),
          /** The measured value (bytes, or latency in ms for the HTTP checks), when there is one. */
          value: z.number().nullable(),
          /** The limit it was compared with (bytes), when there is one. */
          limit: z.number().nullable(),
        }),
      ),
    }),
  }),
  "maintenance.chroma-orphans": define({
    type: "maintenance.chroma-orphans",
    defaultPriority: "low",
    pool: "maintenance",
    description:
      "Remove orphan chunks from every Chroma collection: superseded generations of a document (an ingest stopped between writing the new version and removing the old) once the newest is older than graceMinutes, and chunks whose id does not match their documentId (dryRun: only count them).",
    payload: z
      .object({
        dryRun: z.boolean().default(false),
        /** A document's older generations go only when its newest one is at least this old (an ingest may still be running). */
        graceMinutes: z.number().int().min(1).max(43_200).default(60),
      })
      .strict(),
    result: z.object({
      dryRun: z.boolean(),
      collections: z.number().int(),
      scanned: z.number().int(),
      staleGenerations: z.number().int(),
      malformed: z.number().int(),
      removed: z.number().int(),
    }),
  }),
} as const;

export type TaskCatalog = typeof TASK_CATALOG;
export type TaskType = keyof TaskCatalog;
export const TASK_TYPES = Object.keys(TASK_CATALOG) as TaskType[];
export const taskTypeSchema = z.enum(TASK_TYPES as [TaskType, ...TaskType[]]);
export type TaskPayload<T extends TaskType> = z.infer<TaskCatalog[T]["payload"]>;
export type TaskResult<T extends TaskType> = z.infer<TaskCatalog[T]["result"]>;

export function isTaskType(value: string): value is TaskType {
  return Object.prototype.hasOwnProperty.call(TASK_CATALOG, value);
}

/** The priority of a submission of `type` that names none. */
export function defaultPriorityOf(type: TaskType): Priority {
  return (TASK_CATALOG[type] as TaskDefinition).defaultPriority ?? "normal";
}

export function taskDefinition(type: TaskType): TaskDefinition {
  return TASK_CATALOG[type];
}
