import { ragAnswerSchema, ragQueryPayloadSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { ragOf } from "../rag/rag-api.js";
import { queryRag as query } from "../rag/query-rag.js";

export const queryRag = defineOperation({
  name: "query-rag",
  summary: "Ask a question over a collection and wait for the answer",
  description:
    "Submits a rag.query task at critical priority and waits for it, up to the rag pool's timeout (503 naming the task id after that). " +
    "The answer comes from the configured chat model (`mode: chat`) or, without one, is the best-matching sentences quoted (`mode: extractive`); " +
    "citation n is the passage the answer marks [n]. `filter` matches chunk metadata: a value means equality, an object names one operator.",
  tag: "rag",
  input: ragQueryPayloadSchema,
  output: ragAnswerSchema,
  permission: "rag:query",
  errors: ["NOT_FOUND", "UNAVAILABLE"],
  sensitive: false,
  trpc: "rag.query",
  kind: "mutation",
  rest: { method: "post", path: "/rag/query" },
  example: { input: { collection: "handbook", query: "Where do new workers start?", k: 3 } },
  run: (ctx, input) => query(ctx.platform, ragOf(ctx), input, callerOf(ctx).id),
});
