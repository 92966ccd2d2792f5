import { describe, expect, it } from "vitest";
import { RestartBackoff } from "./restart-backoff.js";

describe("RestartBackoff", () => {
  const policy = { initialMs: 500, maxMs: 4_000, stableMs: 60_000 };

  it("doubles the delay per crash in a row, up to the cap", () => {
    const b = new RestartBackoff(policy);
    expect([1, 2, 3, 4, 5, 6].map(() => b.next(100))).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it("starts over after a stable run", () => {
    const b = new RestartBackoff(policy);
    b.next(10);
    b.next(10);
    expect(b.next(10)).toBe(2_000);
    expect(b.next(60_000)).toBe(500); // ran long enough: counted as stable
    expect(b.next(10)).toBe(1_000);
  });
});
