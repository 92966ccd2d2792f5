import { z } from "zod";
import { collectionNameSchema, deleteCollectionResultSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { deleteCollection as remove } from "../rag/collection-service.js";
import { ragOf } from "../rag/rag-api.js";

export const deleteCollection = defineOperation({
  name: "delete-collection",
  summary: "Delete a collection and every chunk in it",
  tag: "collections",
  input: z.object({ name: collectionNameSchema }).strict(),
  output: deleteCollectionResultSchema,
  permission: "collections:write",
  errors: ["UNAVAILABLE"],
  sensitive: true,
  trpc: "collections.delete",
  kind: "mutation",
  rest: { method: "delete", path: "/collections/{name}", params: ["name"] },
  run: (ctx, { name }) => remove(ragOf(ctx), name),
});
