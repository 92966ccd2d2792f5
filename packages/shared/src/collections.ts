import { z } from "zod";
import { submitResponseSchema } from "./api.js";

/** A Chroma collection's name as the platform accepts it (Chroma's own rule, minus IP-like names). */
export const collectionNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$/, "3-63 characters: letters, digits, '.', '_' or '-', starting and ending with a letter or digit");

/** A document's id within its collection (chunk ids are `<id>#<generation>#<chunkIndex>`). */
export const documentIdSchema = z.string().min(1).max(200).regex(/^[^\s#]+$/, "no spaces or '#'");

/** Metadata keys the platform sets on every chunk; a document's own metadata may not use them. */
export const RESERVED_CHUNK_METADATA = ["documentId", "source", "chunkIndex", "title", "createdAt"] as const;

const metadataValue = z.union([z.string().max(2_000), z.number(), z.boolean()]);
const documentMetadataSchema = z
  .record(z.string().min(1).max(100), metadataValue)
  .superRefine((m, ctx) => {
    for (const key of RESERVED_CHUNK_METADATA) {
      if (key in m) ctx.addIssue({ code: "custom", path: [key], message: `"${key}" is set by the platform` });
    }
    if (Object.keys(m).length > 50) ctx.addIssue({ code: "custom", message: "at most 50 keys" });
  });

const documentFields = {
  id: documentIdSchema,
  title: z.string().min(1).max(500).optional(),
  text: z.string().min(1).max(2_000_000).optional(),
  html: z.string().min(1).max(5_000_000).optional(),
  url: z
    .string()
    .max(2_048)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" })
    .optional(),
  metadata: documentMetadataSchema.optional(),
};

/** Exactly one source: `text` (plain text or Markdown), `html` (cleaned to its readable text) or `url` (fetched through the scraper). */
function oneSource(d: { text?: string | undefined; html?: string | undefined; url?: string | undefined }, ctx: z.RefinementCtx): void {
  const given = (["text", "html", "url"] as const).filter((k) => d[k] !== undefined);
  if (given.length === 0) ctx.addIssue({ code: "custom", path: ["text"], message: "one of text, html or url is required" });
  if (given.length > 1) ctx.addIssue({ code: "custom", path: [given[1] ?? "text"], message: `give only one of text, html or url (got ${given.join(", ")})` });
}

/** One document to ingest. */
export const documentInputSchema = z.object(documentFields).strict().superRefine(oneSource);
export type DocumentInput = z.infer<typeof documentInputSchema>;

/** The ingest.document payload: a document and the collection it goes into. */
export const ingestPayloadSchema = z
  .object({
    ...documentFields,
    collection: collectionNameSchema,
    /**
     * Where `text` or `html` came from, stored as each chunk's `source` (a scraped page's URL
     * when scrape.page hands its text over); default: "text" or "html". A `url` document's
     * source is the page's final URL.
     */
    source: z.string().min(1).max(2_048).optional(),
  })
  .strict()
  .superRefine(oneSource);
export type IngestPayload = z.output<typeof ingestPayloadSchema>;

export const ingestResultSchema = z.object({
  documentId: z.string(),
  collection: z.string(),
  chunks: z.number().int(),
  tokens: z.number().int(),
  /** Chunks of an earlier version of the document that were removed. */
  replaced: z.number().int(),
});

const scalar = z.union([z.string().max(2_000), z.number(), z.boolean()]);
const filterCondition = z.union([
  scalar,
  z
    .object({
      $eq: scalar.optional(),
      $ne: scalar.optional(),
      $gt: z.number().optional(),
      $gte: z.number().optional(),
      $lt: z.number().optional(),
      $lte: z.number().optional(),
      $in: z.array(scalar).min(1).max(100).optional(),
      $nin: z.array(scalar).min(1).max(100).optional(),
    })
    .strict()
    .refine((o) => Object.keys(o).length === 1, { message: "exactly one operator ($eq, $ne, $gt, $gte, $lt, $lte, $in, $nin)" }),
]);
/** A metadata filter: every key must match (a value means equality; an object names one operator). */
export const ragFilterSchema = z
  .record(z.string().min(1).max(100).regex(/^[^$]/, "a metadata key (not an operator)"), filterCondition)
  .refine((f) => Object.keys(f).length <= 20, { message: "at most 20 keys" });
export type RagFilter = z.infer<typeof ragFilterSchema>;

export const ragQueryPayloadSchema = z
  .object({
    collection: collectionNameSchema,
    query: z.string().trim().min(1).max(4_000),
    k: z.number().int().min(1).max(50).default(5),
    filter: ragFilterSchema.optional(),
  })
  .strict();
export type RagQueryPayload = z.output<typeof ragQueryPayloadSchema>;

export const citationSchema = z.object({
  documentId: z.string(),
  title: z.string().nullable(),
  chunkIndex: z.number().int(),
  text: z.string(),
  /** Cosine similarity of the chunk to the question (1 = same direction). */
  score: z.number(),
});
export type Citation = z.infer<typeof citationSchema>;

export const ragAnswerSchema = z.object({
  answer: z.string(),
  /** chat: written by the configured chat model from the cited chunks; extractive: the best-matching sentences, quoted. */
  mode: z.enum(["chat", "extractive"]),
  citations: z.array(citationSchema),
  model: z.string().optional(),
});
export type RagAnswer = z.infer<typeof ragAnswerSchema>;

/**
 * The body of POST /collections/{name}/documents: one document, or `{documents: [...]}`. One
 * object schema (not a union) so that a bad field is named in the 400, not "invalid input".
 */
export const addDocumentsBodySchema = z
  .object({ ...documentFields, id: documentIdSchema.optional(), documents: z.array(documentInputSchema).min(1).max(1_000).optional() })
  .strict()
  .superRefine((b, ctx) => {
    if (b.documents !== undefined) {
      for (const key of Object.keys(b)) {
        if (key !== "documents") ctx.addIssue({ code: "custom", path: [key], message: "give either one document or `documents`, not both" });
      }
      return;
    }
    const single = documentInputSchema.safeParse(b);
    if (!single.success) for (const issue of single.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
export type AddDocumentsBody = z.output<typeof addDocumentsBodySchema>;

/** The documents a body names, in order. */
export function documentsOf(body: AddDocumentsBody): DocumentInput[] {
  if (body.documents !== undefined) return body.documents;
  const single: Record<string, unknown> = { ...body };
  delete single["documents"];
  return [single as DocumentInput];
}

export const addDocumentsInputSchema = z.object({ name: collectionNameSchema, documents: addDocumentsBodySchema });

export const addDocumentsResultSchema = z.object({
  collection: z.string(),
  tasks: z.array(submitResponseSchema.extend({ documentId: z.string() })),
});

export const collectionSummarySchema = z.object({ name: z.string(), chunks: z.number().int() });
export const collectionListSchema = z.object({ collections: z.array(collectionSummarySchema) });
export const collectionDetailSchema = z.object({
  name: z.string(),
  chunks: z.number().int(),
  /** Documents with their chunk counts (up to the first 10,000 chunks are read). */
  documents: z.array(z.object({ id: z.string(), title: z.string().nullable(), source: z.string().nullable(), chunks: z.number().int() })),
  truncated: z.boolean(),
});
export const documentChunksSchema = z.object({
  collection: z.string(),
  documentId: z.string(),
  chunks: z.array(z.object({ chunkIndex: z.number().int(), text: z.string(), metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) })),
});
export const deleteCollectionResultSchema = z.object({ name: z.string(), deleted: z.boolean() });
export const deleteDocumentResultSchema = z.object({ collection: z.string(), documentId: z.string(), deletedChunks: z.number().int() });
export type CollectionDetail = z.infer<typeof collectionDetailSchema>;
export type DocumentChunks = z.infer<typeof documentChunksSchema>;

/** One document of one collection (the path parameters of the document routes). */
export const documentRefSchema = z.object({ name: collectionNameSchema, id: documentIdSchema }).strict();
