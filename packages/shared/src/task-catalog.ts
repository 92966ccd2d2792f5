import { z } from "zod";
import type { PoolName } from "./pools.js";

/**
 * The task catalog: every task type's payload and result schema and its default pool.
 * Payloads are validated at submission and again in the worker, with the same schema.
 */
export interface TaskDefinition<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly pool: PoolName;
  readonly payload: P;
  readonly result: R;
  /** Diagnostic types may be routed to any pool (load and fault tests). */
  readonly anyPool?: boolean;
  readonly description: string;
}

function define<P extends z.ZodType, R extends z.ZodType>(d: TaskDefinition<P, R>): TaskDefinition<P, R> {
  return d;
}

const httpUrl = z
  .string()
  .max(2_048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" });
const collection = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}$/, "3-63 characters: letters, digits, '.', '_' or '-'");

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
    pool: "rag",
    description: "Embed a question, search Chroma, answer with citations.",
    payload: z
      .object({
        query: z.string().min(1).max(4_000),
        collection: collection.default("default"),
        topK: z.number().int().min(1).max(50).default(5),
      })
      .strict(),
    result: z.object({
      answer: z.string(),
      citations: z.array(z.object({ id: z.string(), text: z.string(), score: z.number(), source: z.string().optional() })),
      model: z.string().optional(),
    }),
  }),
  "scrape.page": define({
    type: "scrape.page",
    pool: "scrape",
    description: "Load one page in the browser pool and extract its text.",
    payload: z
      .object({
        url: httpUrl,
        waitForSelector: z.string().max(500).optional(),
        timeoutMs: z.number().int().min(1_000).max(180_000).optional(),
        ingestInto: collection.optional(),
      })
      .strict(),
    result: z.object({ url: z.string(), status: z.number().int(), title: z.string(), text: z.string() }),
  }),
  "scrape.batch": define({
    type: "scrape.batch",
    pool: "batch",
    description: "Fan out scrape.page tasks for many URLs and track them as one batch.",
    payload: z.object({ urls: z.array(httpUrl).min(1).max(1_000), ingestInto: collection.optional() }).strict(),
    result: z.object({ batchId: z.string(), total: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
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
    pool: "ingest",
    description: "Split a document into chunks, embed them and store them in Chroma.",
    payload: z
      .object({
        text: z.string().min(1).max(2_000_000),
        collection: collection.default("default"),
        source: z.string().max(2_048).optional(),
        documentId: z.string().max(200).optional(),
        chunkSize: z.number().int().min(100).max(8_000).default(1_000),
        chunkOverlap: z.number().int().min(0).max(2_000).default(100),
      })
      .strict(),
    result: z.object({ documentId: z.string(), collection: z.string(), chunks: z.number().int() }),
  }),
  "maintenance.cleanup": define({
    type: "maintenance.cleanup",
    pool: "maintenance",
    description: "Remove finished task history and queue leftovers older than a cut-off.",
    payload: z
      .object({ olderThanDays: z.number().int().min(1).max(3_650).default(30), dryRun: z.boolean().default(false) })
      .strict(),
    result: z.object({ removed: z.number().int(), dryRun: z.boolean() }),
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

export function taskDefinition(type: TaskType): TaskDefinition {
  return TASK_CATALOG[type];
}
