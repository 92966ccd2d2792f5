import { describe, expect, it } from "vitest";
import {
  DEFAULT_TASK_PAGE_SIZE,
  describeTaskFilter,
  EMPTY_TASK_FILTER,
  isEmptyTaskFilter,
  normaliseTaskId,
  taskFilterToInput,
  taskViewFromSearch,
  taskViewToSearch,
} from "./task-filter";
import { taskTimings } from "./task-page";

describe("task explorer filter", () => {
  it("round-trips through the URL query, keeping only what is set", () => {
    const view = { filter: { ...EMPTY_TASK_FILTER, status: "dead", pool: "batch", q: "timeout", from: "2026-12-01T08:00" }, limit: 10 };
    const search = taskViewToSearch(view);
    expect(search).toBe("?status=dead&pool=batch&q=timeout&from=2026-12-01T08%3A00&limit=10");
    expect(taskViewFromSearch(new URLSearchParams(search))).toEqual(view);
    expect(taskViewToSearch({ filter: EMPTY_TASK_FILTER, limit: DEFAULT_TASK_PAGE_SIZE })).toBe("");
  });

  it("drops unknown statuses, pools, priorities, bad times, page sizes and keys from the URL", () => {
    const v = taskViewFromSearch(new URLSearchParams("status=lost&pool=nowhere&priority=urgent&from=yesterday&limit=7&type=x.y&evil=1"));
    expect(v).toEqual({ filter: { ...EMPTY_TASK_FILTER, type: "x.y" }, limit: DEFAULT_TASK_PAGE_SIZE });
  });

  it("sends trimmed text, known values and local times as ISO instants; punctuation-only text is not sent", () => {
    const input = taskFilterToInput({ status: "queued", type: " diagnostic.sleep ", pool: "batch", priority: "high", q: " a b ", from: "2026-12-01T08:00", to: "" });
    expect(input).toEqual({
      status: "queued",
      type: "diagnostic.sleep",
      pool: "batch",
      priority: "high",
      q: "a b",
      from: new Date("2026-12-01T08:00").toISOString(),
    });
    expect(taskFilterToInput({ ...EMPTY_TASK_FILTER, q: " -- " })).toEqual({});
    expect(isEmptyTaskFilter({ ...EMPTY_TASK_FILTER, q: "?" })).toBe(true);
    expect(describeTaskFilter({ ...EMPTY_TASK_FILTER, pool: "batch", q: "x" })).toBe("pool batch, text “x”");
  });

  it("accepts only whole task ids for the lookup", () => {
    expect(normaliseTaskId("  0Mx3kHq2vB8cW1yZ4nT7aE ")).toBe("0Mx3kHq2vB8cW1yZ4nT7aE");
    expect(normaliseTaskId("a b")).toBeNull();
    expect(normaliseTaskId("")).toBeNull();
  });

  it("measures the wait before the start and the run after it", () => {
    const t = { createdAt: "2026-12-01T08:00:00.000Z", startedAt: "2026-12-01T08:00:02.000Z", finishedAt: "2026-12-01T08:00:05.500Z" };
    expect(taskTimings(t, 0)).toEqual({ waitMs: 2_000, runMs: 3_500 });
    expect(taskTimings({ ...t, finishedAt: null }, Date.parse("2026-12-01T08:00:03Z"))).toEqual({ waitMs: 2_000, runMs: 1_000 });
    expect(taskTimings({ ...t, startedAt: null, finishedAt: null }, 0)).toEqual({ waitMs: null, runMs: null });
  });
});
