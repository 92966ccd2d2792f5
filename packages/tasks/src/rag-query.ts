import type { TaskHandler } from "@switchyard/queue";
import { answerQuery, type RagDeps } from "@switchyard/rag";
import { asPermanent } from "./permanent-failure.js";

/**
 * rag.query: the question embedded (through the `gpu-runner` breaker), the collection searched
 * (through `chroma`), and answered by the chat model (through `openai`, its tokens streamed as
 * progress `delta`s) or, without one, extractively.
 */
export function createRagQueryHandler(deps: RagDeps): TaskHandler<"rag.query"> {
  return async (ctx) => {
    try {
      return await answerQuery(deps, ctx.payload, {
        signal: ctx.signal,
        call: (name, fn) => ctx.dependency(name, fn),
        progress: (p) => ctx.progress(p),
      });
    } catch (err) {
      throw asPermanent(err);
    }
  };
}
