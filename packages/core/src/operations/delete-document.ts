import { deleteDocumentResultSchema, documentRefSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { deleteDocument as remove } from "../rag/collection-service.js";
import { ragOf } from "../rag/rag-api.js";

export const deleteDocument = defineOperation({
  name: "delete-document",
  summary: "Remove a document's chunks from a collection",
  tag: "collections",
  input: documentRefSchema,
  output: deleteDocumentResultSchema,
  permission: "collections:write",
  errors: ["UNAVAILABLE"],
  sensitive: false,
  trpc: "collections.deleteDocument",
  kind: "mutation",
  rest: { method: "delete", path: "/collections/{name}/documents/{id}", params: ["name", "id"] },
  run: (ctx, { name, id }) => remove(ragOf(ctx), name, id),
});
