import { addDocumentsInputSchema, addDocumentsResultSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { addDocuments as add } from "../rag/collection-service.js";
import { ragOf } from "../rag/rag-api.js";

export const addDocuments = defineOperation({
  name: "add-documents",
  summary: "Ingest documents into a collection",
  description:
    "One document `{id, title?, text | html | url, metadata?}` or `{documents: [...]}`: one ingest.document task each (202 with the task ids). " +
    "Each is cleaned, split into chunks by the embedding model's tokens, embedded and stored; re-ingesting an id replaces its chunks. " +
    "The collection is created on first use. A `url` document is fetched by a worker through the scraper (SSRF guard, robots.txt, per-host rate limit).",
  tag: "collections",
  input: addDocumentsInputSchema,
  output: addDocumentsResultSchema,
  permission: "collections:write",
  errors: ["UNAVAILABLE"],
  sensitive: false,
  trpc: "collections.addDocuments",
  kind: "mutation",
  rest: { method: "post", path: "/collections/{name}/documents", params: ["name"], body: "documents", statuses: [202] },
  example: { input: { name: "handbook", documents: { id: "onboarding", title: "Onboarding", text: "New workers start in the batch pool." } } },
  run: (ctx, { name, documents }) => add(ctx.platform, ragOf(ctx), name, documents, callerOf(ctx).id),
});
