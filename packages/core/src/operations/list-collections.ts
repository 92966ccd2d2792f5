import { collectionListSchema } from "@switchyard/shared";
import { defineOperation, noInput } from "../operation.js";
import { listCollections as list } from "../rag/collection-service.js";
import { ragOf } from "../rag/rag-api.js";

export const listCollections = defineOperation({
  name: "list-collections",
  summary: "Collections with their chunk counts",
  tag: "collections",
  input: noInput,
  output: collectionListSchema,
  permission: "collections:read",
  errors: ["UNAVAILABLE"],
  sensitive: false,
  trpc: "collections.list",
  kind: "query",
  rest: { method: "get", path: "/collections" },
  run: (ctx) => list(ragOf(ctx)),
});
