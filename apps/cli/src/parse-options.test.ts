import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { expiryAt, isoTimeOption } from "./parse-options.js";

describe("expiryAt (tokens create --expires)", () => {
  const now = Date.parse("2026-12-05T08:00:00Z");

  it("takes a duration from now", () => {
    expect(expiryAt("30d", now)).toBe("2027-01-04T08:00:00.000Z");
    expect(expiryAt("12h", now)).toBe("2026-12-05T20:00:00.000Z");
    expect(expiryAt("90m", now)).toBe("2026-12-05T09:30:00.000Z");
    expect(expiryAt("2w", now)).toBe("2026-12-19T08:00:00.000Z");
  });

  it("takes an ISO time with a zone, or a date (midnight UTC), in UTC", () => {
    expect(expiryAt("2027-06-30T02:00:00+02:00", now)).toBe("2027-06-30T00:00:00.000Z");
    expect(expiryAt("2027-06-30", now)).toBe("2027-06-30T00:00:00.000Z");
  });

  it("refuses the past, zero, no zone and words", () => {
    for (const bad of ["2026-12-01T00:00:00Z", "0d", "2027-06-30T00:00:00", "tomorrow", "30 days", "2027-02-30T00:00:00Z", "2027-13-01", "2027-06-30T25:00:00Z"]) {
      expect(() => expiryAt(bad, now), bad).toThrow(InvalidArgumentError);
    }
  });
});

describe("isoTimeOption (audit list --from/--to)", () => {
  it("normalises to UTC and refuses a time without a zone", () => {
    expect(isoTimeOption("2026-12-01")).toBe("2026-12-01T00:00:00.000Z");
    expect(isoTimeOption("2026-12-01T10:00Z")).toBe("2026-12-01T10:00:00.000Z");
    expect(() => isoTimeOption("2026-12-01 10:00")).toThrow(InvalidArgumentError);
  });
});
