import { documentChunksSchema, documentRefSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { getDocument as get } from "../rag/collection-service.js";
import { ragOf } from "../rag/rag-api.js";

export const getDocument = defineOperation({
  name: "get-document",
  summary: "One document's chunks, in order, with their metadata",
  tag: "collections",
  input: documentRefSchema,
  output: documentChunksSchema,
  permission: "collections:read",
  errors: ["UNAVAILABLE"],
  sensitive: false,
  trpc: "collections.getDocument",
  kind: "query",
  rest: { method: "get", path: "/collections/{name}/documents/{id}", params: ["name", "id"] },
  run: (ctx, { name, id }) => get(ragOf(ctx), name, id),
});
