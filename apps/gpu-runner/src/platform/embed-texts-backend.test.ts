import { NonRetryableError, type TaskContext } from "@switchyard/queue";
import type { TaskPayload } from "@switchyard/shared";
import { createEmbedTextsHandler } from "@switchyard/tasks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InferenceError, InvalidInputError, ModelNotFoundError, OverloadedError, QueueFullError, ShuttingDownError, UnsupportedError } from "../errors.js";
import { silentLogger } from "../logger.js";
import { createRunner, type Runner } from "../runner.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";
import { runnerEmbedTextsBackend, runnerPermanentFailure } from "./embed-texts-backend.js";

// The embed.texts handler (@switchyard/tasks) on the real runner (USE-lite, CPU, in process).
let runner: Runner;
const progress: Array<{ percent: number; message?: string }> = [];

function context(payload: TaskPayload<"embed.texts">): TaskContext<TaskPayload<"embed.texts">> {
  return {
    taskId: "task-1",
    type: "embed.texts",
    pool: "embed",
    attempt: 1,
    payload,
    signal: new AbortController().signal,
    progress: async (p) => {
      progress.push(p);
    },
    log: silentLogger,
    dependency: (_name, call) => call(new AbortController().signal),
    faultActive: async () => false,
  };
}

beforeAll(async () => {
  const useDir = await ensureUseLite();
  runner = await createRunner(
    { modelsDir: "/nonexistent", extraModelDirs: [useDir], autoExport: false, warmup: false, logLevel: "silent", executionProvider: "cpu", sessionHost: "inline" },
    { logger: silentLogger },
  );
});
afterAll(() => runner?.close());

describe("embed.texts on the runner", () => {
  it("returns the runner's embeddings and reports 100 % at the end", async () => {
    const handler = createEmbedTextsHandler(runnerEmbedTextsBackend(runner), { progressIntervalMs: 0 });
    const texts = ["one text", "and another one"];
    const result = await handler(context({ texts }));
    expect(result).toEqual({ model: "use-lite", dimension: 512, embeddings: (await runner.embed(texts)).embeddings });
    expect(progress.at(-1)).toEqual({ percent: 100, message: "2/2 texts embedded" });
  });

  it("an unknown model is a permanent failure: NonRetryableError with the runner's code", async () => {
    const handler = createEmbedTextsHandler(runnerEmbedTextsBackend(runner));
    const err = await handler(context({ texts: ["x"], model: "no-such-model" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect((err as Error).message).toBe('MODEL_NOT_FOUND: model "no-such-model" is not loaded on this runner');
  });

  it("bad input and unknown models are permanent; capacity, shutdown and compute failures stay retryable", () => {
    for (const err of [new ModelNotFoundError("m"), new InvalidInputError("bad"), new UnsupportedError("no")]) {
      expect(runnerPermanentFailure(err)).toBe(`${err.code}: ${err.message}`);
    }
    for (const err of [new QueueFullError(10, 10, 2), new OverloadedError("memory", 5), new ShuttingDownError(), new InferenceError("batch"), new Error("boom"), "text"]) {
      expect(runnerPermanentFailure(err)).toBeNull();
    }
  });

  it("a closed runner refuses with the error itself, for the pool's retry", async () => {
    const handler = createEmbedTextsHandler(runnerEmbedTextsBackend(runner));
    await runner.close();
    const err = await handler(context({ texts: ["x"] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShuttingDownError);
  });
});
