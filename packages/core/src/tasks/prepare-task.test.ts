import { describe, expect, it } from "vitest";
import { ValidationError } from "@switchyard/shared";
import { prepareTask } from "./prepare-task.js";

function issuesOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error("expected a ValidationError");
}

describe("prepareTask", () => {
  it("accepts a valid submission and fills defaults", () => {
    const t = prepareTask({ type: "diagnostic.sleep", payload: { ms: 5 } });
    expect(t).toMatchObject({ type: "diagnostic.sleep", pool: "batch", priority: "normal", payload: { ms: 5 } });
    expect(t.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("names the payload field path and the reason", () => {
    const issues = issuesOf(() => prepareTask({ type: "diagnostic.sleep", payload: { ms: -5 } }));
    expect(issues[0]?.path).toBe("payload.ms");
    expect(issues[0]?.message).toMatch(/>=\s*0|too small/i);
  });

  it("prefixes bulk item paths", () => {
    const issues = issuesOf(() => prepareTask({ type: "embed.texts", payload: { texts: [""] } }, { path: ["tasks", 7] }));
    expect(issues[0]?.path).toBe("tasks.7.payload.texts.0");
  });

  it("rejects unknown types, priorities and fields", () => {
    expect(issuesOf(() => prepareTask({ type: "nope" }))[0]).toMatchObject({ path: "type" });
    expect(issuesOf(() => prepareTask({ type: "diagnostic.noop", priority: "urgent" }))[0]?.path).toBe("priority");
    expect(issuesOf(() => prepareTask({ type: "diagnostic.noop", payload: { extra: 1 } }))[0]?.path).toBe("payload");
    expect(issuesOf(() => prepareTask("just a string"))[0]?.path).toBe("");
  });

  it("routes only diagnostic types to another pool", () => {
    expect(prepareTask({ type: "diagnostic.noop", pool: "rag" }).pool).toBe("rag");
    expect(issuesOf(() => prepareTask({ type: "rag.query", payload: { query: "q" }, pool: "batch" }))[0]?.path).toBe("pool");
  });

  it("keeps per-task attempts and timeout within the pool's limits", () => {
    const t = prepareTask({ type: "diagnostic.noop", maxAttempts: 2, timeoutMs: 1_000 });
    expect(t).toMatchObject({ maxAttempts: 2, timeoutMs: 1_000, pool: "batch" });
    // batch: 2 retries (3 attempts), 600 s.
    expect(issuesOf(() => prepareTask({ type: "diagnostic.noop", maxAttempts: 4 }))[0]).toMatchObject({
      path: "maxAttempts",
      message: expect.stringContaining("at most 3"),
    });
    expect(issuesOf(() => prepareTask({ type: "diagnostic.noop", timeoutMs: 700_000 }))[0]?.path).toBe("timeoutMs");
    expect(issuesOf(() => prepareTask({ type: "diagnostic.noop", maxAttempts: 0 }))[0]?.path).toBe("maxAttempts");
  });
});
