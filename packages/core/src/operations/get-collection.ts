import { z } from "zod";
import { collectionDetailSchema, collectionNameSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { getCollection as get } from "../rag/collection-service.js";
import { ragOf } from "../rag/rag-api.js";

export const getCollection = defineOperation({
  name: "get-collection",
  summary: "One collection: chunk count and its documents",
  tag: "collections",
  input: z.object({ name: collectionNameSchema }).strict(),
  output: collectionDetailSchema,
  permission: "collections:read",
  errors: ["UNAVAILABLE"],
  sensitive: false,
  trpc: "collections.get",
  kind: "query",
  rest: { method: "get", path: "/collections/{name}", params: ["name"] },
  run: (ctx, { name }) => get(ragOf(ctx), name),
});
