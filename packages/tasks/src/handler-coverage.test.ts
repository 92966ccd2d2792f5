import { describe, expect, it } from "vitest";
import { useLiteTokenCounter } from "@switchyard/ai";
import { createChromaStore } from "@switchyard/rag";
import { PageScraper, SsrfGuard } from "@switchyard/scraper";
import { TASK_TYPES } from "@switchyard/shared";
import { createHandlers, type HandlerConfig } from "./handler-registry.js";

// Handlers are only built here, never run, so their dependencies are constructed but never
// reached (nothing connects): a seam that is called would be a bug in this test.
const unreachable = (): never => {
  throw new Error("a handler was run by the coverage test");
};

/** Every dependency createHandlers can take, as the worker (and, for embed.texts, the GPU runner) gives them. */
function fullConfig(): Required<HandlerConfig> {
  return {
    probeTargets: {},
    embeddings: null,
    rag: { store: createChromaStore({ url: "http://127.0.0.1:9" }), embed: unreachable, tokens: useLiteTokenCounter(), chat: null, fetchPage: unreachable },
    ingest: {},
    scrape: { scraper: new PageScraper({ guard: new SsrfGuard() }) },
    batch: { children: { submit: unreachable, finished: unreachable, cancel: unreachable } },
    cleanup: { history: { deleteFinishedBefore: unreachable } },
    health: { redis: { info: unreachable } },
    chromaOrphans: { url: "http://127.0.0.1:9" },
    embedTexts: { backend: { embed: unreachable, permanentFailure: unreachable } },
  };
}

describe("the handler registry", () => {
  it("has a handler for every task type in the catalog once every dependency is given", () => {
    const handlers = createHandlers(fullConfig());
    const missing = TASK_TYPES.filter((t) => typeof handlers[t] !== "function");
    expect(missing, `task types without a handler in createHandlers (packages/tasks/src/handler-registry.ts): ${missing.join(", ")}`).toEqual([]);
    // And nothing outside the catalog (a typo would never receive a task).
    expect(Object.keys(handlers).sort()).toEqual([...TASK_TYPES].sort());
  });

  it("serves the batches and maintenance.cleanup with only their own seams (no Chroma, browser or embedding backend)", () => {
    const { batch, cleanup } = fullConfig();
    const handlers = createHandlers({ probeTargets: {}, batch, cleanup });
    expect(Object.keys(handlers).sort()).toEqual(["diagnostic.flaky", "diagnostic.noop", "diagnostic.probe", "diagnostic.sleep", "embed.batch", "maintenance.cleanup", "scrape.batch"]);
  });
});
