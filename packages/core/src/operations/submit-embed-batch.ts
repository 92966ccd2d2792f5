import { batchSubmittedSchema, DEFAULT_EMBED_CHUNK, submitEmbedBatchInputSchema } from "@switchyard/shared";
import { submitBatch } from "../batches/batch-service.js";
import { submitterOf } from "../identity/task-owner.js";
import { callerOf, defineOperation } from "../operation.js";

export const submitEmbedBatch = defineOperation({
  name: "submit-embed-batch",
  summary: "Embed many texts, or ingest many documents into a collection, as one batch",
  description:
    `\`{texts, model?, chunkSize?}\`: embed.texts children of chunkSize (default ${DEFAULT_EMBED_CHUNK}) texts each, whose results are the embeddings; ` +
    "`{collection, documents}`: one ingest.document child per document (chunked, embedded and stored in the collection). " +
    "Queues an embed.batch task (202 with the batch id); its children run at the batch's priority (bulk unless given). Follow it at GET /batches/{id}.",
  tag: "batches",
  input: submitEmbedBatchInputSchema,
  output: batchSubmittedSchema,
  permission: "tasks:submit",
  sensitive: false,
  trpc: "batches.embed",
  kind: "mutation",
  rest: { method: "post", path: "/batches/embed", headers: { "idempotency-key": "idempotencyKey" }, statuses: [202] },
  auditInput: ({ texts, documents, collection, model, chunkSize, priority }) => ({
    ...(texts ? { texts: texts.length } : {}),
    ...(documents ? { documents: documents.length, collection } : {}),
    ...(model ? { model } : {}),
    ...(chunkSize ? { chunkSize } : {}),
    ...(priority ? { priority } : {}),
  }),
  auditTarget: (input, output) => {
    const what = input.texts ? `${input.texts.length} texts` : `${input.documents?.length ?? 0} documents into ${input.collection ?? ""}`;
    return output ? `batch ${output.id} (${what})` : what;
  },
  responseHeaders: (out): Record<string, string> => (out.replayed ? { "idempotent-replayed": "true" } : {}),
  example: { input: { texts: ["first passage", "second passage"], chunkSize: 64 } },
  run: (ctx, { priority, idempotencyKey, ...payload }) =>
    submitBatch(ctx.platform, "embed.batch", payload, priority, {
      scope: callerOf(ctx).id,
      ...submitterOf(callerOf(ctx)),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    }),
});
