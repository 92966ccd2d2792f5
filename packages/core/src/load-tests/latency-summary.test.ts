import { describe, expect, it } from "vitest";
import { summarizeLatencies } from "./latency-summary.js";

describe("latency summary", () => {
  it("is null without samples", () => {
    expect(summarizeLatencies([])).toBeNull();
  });

  it("takes nearest-rank percentiles over unsorted samples", () => {
    // 1..100 shuffled: p50 = 50, p95 = 95, p99 = 99.
    const samples = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    expect(summarizeLatencies(samples)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it("handles one sample and sorts numerically, not as strings", () => {
    expect(summarizeLatencies([7])).toEqual({ p50: 7, p95: 7, p99: 7, max: 7, mean: 7 });
    expect(summarizeLatencies([100, 9, 20])).toMatchObject({ p50: 20, max: 100 });
  });
});
