import { describe, expect, it } from "vitest";
import { sqliteDateTime } from "./sqlite-settings.js";

const reference = (date: Date): string => date.toISOString().replace("Z", "+00:00");

describe("sqliteDateTime", () => {
  it("writes exactly what toISOString() does, with +00:00 for Z", () => {
    const edges = [
      "1970-01-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "2025-03-04T05:06:07.001Z",
      "2025-12-31T23:59:59.999Z",
      "2026-01-01T00:00:00.000Z",
      "2024-02-29T12:34:56.789Z",
      "0000-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
      "+010000-01-01T00:00:00.000Z",
      "-000001-12-31T23:59:59.999Z",
    ].map((s) => new Date(s));
    // Random moments, and runs of nearby ones (the day prefix is cached between calls).
    const random = Array.from({ length: 20_000 }, () => new Date(Math.floor((Math.random() - 0.3) * 4e12)));
    let t = Date.parse("2025-06-30T23:59:58.000Z");
    const nearby = Array.from({ length: 5_000 }, () => new Date((t += Math.floor(Math.random() * 7))));
    for (const date of [...edges, ...random, ...nearby, ...edges]) expect(sqliteDateTime(date)).toBe(reference(date));
  });

  it("throws for an invalid date like toISOString() does", () => {
    expect(() => sqliteDateTime(new Date("nope"))).toThrow(RangeError);
  });
});
