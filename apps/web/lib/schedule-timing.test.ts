import { describe, expect, it } from "vitest";
import { describeCron, describeEvery, describeTiming, everyMs, splitEvery } from "./schedule-timing";

describe("schedule timing in words", () => {
  it("reads the default schedules' cron patterns (UTC)", () => {
    expect(describeCron("0 3 * * *")).toBe("Daily at 03:00 UTC");
    expect(describeCron("0 4 * * 0")).toBe("Weekly on Sundays at 04:00 UTC");
    expect(describeCron("30 2 * * *")).toBe("Daily at 02:30 UTC");
    expect(describeCron("0 0 0 3 * * *")).toBe("Cron 0 0 0 3 * * * (UTC)");
    expect(describeCron("0 30 2 * * *")).toBe("Daily at 02:30 UTC");
  });

  it("reads other common shapes and shows the rest as they are", () => {
    expect(describeCron("*/5 * * * *")).toBe("Every 5 minutes");
    expect(describeCron("* * * * *")).toBe("Every minute");
    expect(describeCron("15 * * * *")).toBe("Hourly at minute 15");
    expect(describeCron("0 */6 * * *")).toBe("Every 6 hours at minute 0");
    expect(describeCron("0 9 * * 1-5")).toBe("Weekly on weekdays at 09:00 UTC");
    expect(describeCron("0 9 * * 1,3")).toBe("Weekly on Monday and Wednesday at 09:00 UTC");
    expect(describeCron("0 9 1 * *")).toBe("Monthly on day 1 at 09:00 UTC");
    expect(describeCron("0 9 1 1 *")).toBe("Cron 0 9 1 1 * (UTC)");
    expect(describeCron("5-10 9 * * *")).toBe("Cron 5-10 9 * * * (UTC)");
  });

  it("reads intervals in their largest whole unit", () => {
    expect(describeEvery(15 * 60_000)).toBe("Every 15 minutes");
    expect(describeEvery(86_400_000)).toBe("Every day");
    expect(describeEvery(90_000)).toBe("Every 90 seconds");
    expect(splitEvery(2 * 3_600_000)).toEqual({ amount: 2, unit: "hours" });
    expect(everyMs(15, "minutes")).toBe(900_000);
    expect(describeTiming({ pattern: null, every: 1_000 })).toBe("Every second");
    expect(describeTiming({ pattern: "0 3 * * *", every: null })).toBe("Daily at 03:00 UTC");
  });
});
