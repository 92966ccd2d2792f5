import { z } from "zod";
import { idempotencyKeySchema, taskIdSchema } from "./api.js";
import { collectionNameSchema, documentInputSchema } from "./collections.js";
import { httpUrlSchema } from "./http-url.js";
import { prioritySchema } from "./priorities.js";
import { taskStatusSchema } from "./task-status.js";

/**
 * Batches (seed 000's batch scrape and batch embed): one parent task in the batch pool splits
 * its input into child tasks, submitted at the batch's own priority, and follows them. The
 * batch's id is its parent task's id.
 */
export const BATCH_TYPES = ["scrape.batch", "embed.batch"] as const;
export type BatchType = (typeof BATCH_TYPES)[number];
export const BATCH_KINDS = ["scrape", "embed"] as const;
export const batchKindSchema = z.enum(BATCH_KINDS);
export type BatchKind = z.infer<typeof batchKindSchema>;

export function batchKindOf(type: BatchType): BatchKind {
  return type === "scrape.batch" ? "scrape" : "embed";
}
export function batchTypeOf(kind: BatchKind): BatchType {
  return kind === "scrape" ? "scrape.batch" : "embed.batch";
}
export function isBatchType(type: string): type is BatchType {
  return (BATCH_TYPES as readonly string[]).includes(type);
}

/** The most URLs one scrape batch takes (each becomes a scrape.page task); the 1 MiB body cap bounds it too. */
export const MAX_SCRAPE_BATCH_URLS = 10_000;
/** The most texts one embed batch takes. */
export const MAX_EMBED_BATCH_TEXTS = 10_000;
/** The most documents one embed batch ingests (each becomes an ingest.document task). */
export const MAX_EMBED_BATCH_DOCUMENTS = 1_000;
/** Texts per embed.texts child unless the batch says otherwise (the GPU runner batches further). */
export const DEFAULT_EMBED_CHUNK = 64;

export const scrapeBatchPayloadSchema = z
  .object({
    urls: z.array(httpUrlSchema).min(1).max(MAX_SCRAPE_BATCH_URLS),
    /** Each child hands its text to ingestion into this collection. */
    ingest: z.object({ collection: collectionNameSchema }).strict().optional(),
    /** Each child stores a screenshot. */
    screenshot: z.boolean().default(false),
  })
  .strict();

/**
 * texts → embed.texts children of `chunkSize` texts each (their embeddings are the results);
 * collection + documents → one ingest.document child per document (chunked, embedded, stored).
 * One object schema (not a union) so that a bad field is named in the 400.
 */
const embedBatchFields = {
  texts: z.array(z.string().min(1).max(32_000)).min(1).max(MAX_EMBED_BATCH_TEXTS).optional(),
  model: z.string().min(1).max(200).optional(),
  chunkSize: z.number().int().min(1).max(2_048).optional(),
  collection: collectionNameSchema.optional(),
  documents: z.array(documentInputSchema).min(1).max(MAX_EMBED_BATCH_DOCUMENTS).optional(),
};
type EmbedBatchFields = z.output<z.ZodObject<typeof embedBatchFields>>;

function checkEmbedBatch(b: EmbedBatchFields, ctx: z.RefinementCtx<unknown>): void {
  if (b.texts !== undefined) {
    for (const key of ["collection", "documents"] as const) {
      if (b[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "give either texts or collection + documents, not both" });
    }
    return;
  }
  if (b.documents === undefined && b.collection === undefined) {
    ctx.addIssue({ code: "custom", path: ["texts"], message: "give texts, or collection + documents" });
    return;
  }
  if (b.collection === undefined) ctx.addIssue({ code: "custom", path: ["collection"], message: "required with documents" });
  if (b.documents === undefined) ctx.addIssue({ code: "custom", path: ["documents"], message: "required with collection" });
  for (const key of ["model", "chunkSize"] as const) {
    if (b[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "goes with texts (documents are embedded by ingestion)" });
  }
}

/**
 * texts → embed.texts children of `chunkSize` texts each (their embeddings are the results);
 * collection + documents → one ingest.document child per document (chunked, embedded, stored).
 * One object schema (not a union) so that a bad field is named in the 400.
 */
export const embedBatchPayloadSchema = z.object(embedBatchFields).strict().superRefine(checkEmbedBatch);
export type EmbedBatchPayload = z.output<typeof embedBatchPayloadSchema>;

/** What a batch task returns when all its children have ended. */
export const batchTaskResultSchema = z.object({
  submitted: z.number().int(),
  /** The children's task ids, in input order (an embed batch of texts: one per chunk). */
  taskIds: z.array(z.string()),
  /** How the children ended. */
  completed: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});
export type BatchTaskResult = z.infer<typeof batchTaskResultSchema>;

const submitFields = {
  /** Absent: bulk (seed 000); the children run at the batch's priority. */
  priority: prioritySchema.optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
};
export const submitScrapeBatchInputSchema = scrapeBatchPayloadSchema.extend(submitFields);
export type SubmitScrapeBatchInput = z.infer<typeof submitScrapeBatchInputSchema>;
export const submitEmbedBatchInputSchema = z.object({ ...embedBatchFields, ...submitFields }).strict().superRefine(checkEmbedBatch);
export type SubmitEmbedBatchInput = z.infer<typeof submitEmbedBatchInputSchema>;

/** A batch's own state: running until every child has ended (or it was cancelled, or it failed itself). */
export const BATCH_STATUSES = ["running", "completed", "failed", "cancelled"] as const;
export const batchStatusSchema = z.enum(BATCH_STATUSES);
export type BatchStatus = z.infer<typeof batchStatusSchema>;

export const batchSubmittedSchema = z.object({
  id: z.string(),
  kind: batchKindSchema,
  status: batchStatusSchema,
  priority: prioritySchema,
  /** Children the batch will have. */
  total: z.number().int(),
  replayed: z.boolean(),
});
export type BatchSubmitted = z.infer<typeof batchSubmittedSchema>;

/** The children by status; `pending`: not yet submitted (or not yet in the history). */
export const batchCountsSchema = z.object({
  pending: z.number().int(),
  queued: z.number().int(),
  active: z.number().int(),
  retrying: z.number().int(),
  completed: z.number().int(),
  dead: z.number().int(),
  cancelled: z.number().int(),
});
export type BatchCounts = z.infer<typeof batchCountsSchema>;

export const batchSummarySchema = z.object({
  id: z.string(),
  kind: batchKindSchema,
  status: batchStatusSchema,
  /** The parent task's own status (queued until a batch worker takes it). */
  taskStatus: taskStatusSchema,
  priority: prioritySchema,
  total: z.number().int(),
  /** The parent's last progress report: percent of children ended and a one-line tally. */
  progress: z.object({ percent: z.number(), message: z.string().nullable() }),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  submittedBy: z.string().nullable().optional(),
});
export type BatchSummary = z.infer<typeof batchSummarySchema>;

export const batchResultItemSchema = z.object({
  /** The child's position: the URL's (or document's, or text chunk's) index in the input. */
  index: z.number().int(),
  taskId: z.string(),
  status: z.string(),
  result: z.unknown(),
});
export const batchFailureSchema = z.object({
  index: z.number().int(),
  taskId: z.string(),
  status: z.string(),
  /** The URL, document id or text range the child was given. */
  input: z.string(),
  error: z.string().nullable(),
});

export const batchViewSchema = batchSummarySchema.extend({
  counts: batchCountsSchema,
  /** Children ended (completed, dead or cancelled) out of total. */
  done: z.number().int(),
  /** Completed children in [offset, nextOffset) with their results. */
  results: z.array(batchResultItemSchema),
  /** The first MAX_BATCH_FAILURES children that died or failed, with their errors. */
  failures: z.array(batchFailureSchema),
  failuresTruncated: z.boolean(),
  page: z.object({ offset: z.number().int(), limit: z.number().int(), nextOffset: z.number().int().nullable() }),
});
export type BatchView = z.infer<typeof batchViewSchema>;

export const MAX_BATCH_FAILURES = 100;
/** A page of results stops early past this many bytes of JSON (a page of embeddings is large). */
export const MAX_BATCH_RESULT_BYTES = 4 * 1024 * 1024;

export const getBatchInputSchema = z
  .object({
    id: taskIdSchema,
    /** Results from this child index on. */
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(0).max(200).default(50),
  })
  .strict();

export const listBatchesInputSchema = z
  .object({
    kind: batchKindSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListBatchesInput = z.infer<typeof listBatchesInputSchema>;
export const batchListSchema = z.object({ items: z.array(batchSummarySchema), nextCursor: z.string().nullable() });

export const cancelBatchResultSchema = z.object({
  id: z.string(),
  status: batchStatusSchema,
  /** Children that were waiting or running and are now cancelled. */
  cancelledChildren: z.number().int(),
  /** Children that had already ended (or were still stopping). */
  skippedChildren: z.number().int(),
});
