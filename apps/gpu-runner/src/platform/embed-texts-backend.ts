import { inSpan, tracingOn } from "@switchyard/observability";
import type { EmbedTextsBackend, EmbedTextsRequest } from "@switchyard/tasks";
import { RunnerError, type RunnerErrorCode } from "../errors.js";
import type { Runner } from "../runner-api.js";

/** Runner errors that no later attempt can fix: the task goes dead at once instead of retrying. */
const PERMANENT: ReadonlySet<RunnerErrorCode> = new Set(["INVALID_INPUT", "MODEL_NOT_FOUND", "UNSUPPORTED", "PAYLOAD_TOO_LARGE"]);

/** The task error for a permanent runner error (`CODE: message`), or null: retryable. */
export function runnerPermanentFailure(err: unknown): string | null {
  return err instanceof RunnerError && PERMANENT.has(err.code) ? `${err.code}: ${err.message}` : null;
}

/**
 * The runner as the `embed.texts` handler's backend (@switchyard/tasks): its in-process
 * embed, no HTTP hop, so platform tasks share the request queue and batches with HTTP callers.
 */
export function runnerEmbedTextsBackend(runner: Runner): EmbedTextsBackend {
  return {
    // Without a deadline of its own, the task's timeout (its signal) is the limit, not the
    // runner's HTTP default deadline.
    embed: (texts, request) => {
      const run = (): ReturnType<Runner["embed"]> => runner.embed(texts, { ...request, deadlineMs: request.deadlineMs ?? runner.config.queue.maxDeadlineMs });
      // In a traced task (the task span is active): the runner's part as its own span.
      return tracingOn() ? inSpan("runner embed", { attributes: embedAttributes(texts, request) }, run) : run();
    },
    permanentFailure: runnerPermanentFailure,
  };
}

function embedAttributes(texts: readonly string[], request: EmbedTextsRequest): Record<string, string | number> {
  return { "switchyard.embed.texts": texts.length, ...(request.model !== undefined ? { "switchyard.embed.model": request.model } : {}) };
}
