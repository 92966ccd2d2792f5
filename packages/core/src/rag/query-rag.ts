import type { Platform } from "@switchyard/queue";
import { NotFoundError, ragAnswerSchema, UnavailableError, type RagAnswer, type RagQueryPayload } from "@switchyard/shared";
import { submitTask } from "../tasks/task-service.js";
import type { RagApi } from "./rag-api.js";

/**
 * POST /rag/query: a rag.query task at critical priority, waited for up to the rag pool's
 * timeout, answered as the task's result. The query runs in the rag pool's workers (their
 * breakers, concurrency and backpressure apply) like any other task, and stays inspectable at
 * GET /tasks/{id}.
 */
export async function queryRag(platform: Platform, rag: RagApi, input: RagQueryPayload, scope: string): Promise<RagAnswer> {
  const submitted = await submitTask(platform, { type: "rag.query", payload: input, priority: "critical" }, { scope });
  const timeoutMs = platform.pools.rag.timeoutMs;
  const outcome = await rag.waiter.wait("rag", submitted.id, timeoutMs);
  if (outcome.status === "completed") return ragAnswerSchema.parse(outcome.result);
  if (outcome.status === "timeout") {
    throw new UnavailableError(`the query did not finish within ${Math.round(timeoutMs / 1000)} s; it goes on as task ${submitted.id} (GET /api/v1/tasks/${submitted.id})`);
  }
  // A missing collection is the caller's mistake: the worker records it as the task's error.
  if (outcome.reason === `collection "${input.collection}" not found`) throw new NotFoundError(`collection "${input.collection}"`);
  throw new UnavailableError(`the query failed (task ${submitted.id}): ${outcome.reason.slice(0, 300)}`);
}
