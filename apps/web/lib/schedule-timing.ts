import type { api } from "./trpc-client";

/** One schedule as tRPC `schedules.list` returns it. */
export type ScheduleView = Awaited<ReturnType<typeof api.schedules.list.query>>["schedules"][number];

/** The units an interval is entered in, largest first (the one that divides it evenly is shown). */
export const EVERY_UNITS = [
  { unit: "days", ms: 86_400_000 },
  { unit: "hours", ms: 3_600_000 },
  { unit: "minutes", ms: 60_000 },
  { unit: "seconds", ms: 1_000 },
] as const;
export type EveryUnit = (typeof EVERY_UNITS)[number]["unit"];

/** The fewest milliseconds between runs the API accepts (update-schedule's `every`). */
export const MIN_EVERY_MS = 1_000;
export const MAX_EVERY_MS = 366 * 86_400_000;

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function plural(n: number, word: string): string {
  return n === 1 ? `1 ${word}` : `${n} ${word}s`;
}

/** An interval in its largest whole unit: 900000 → { amount: 15, unit: "minutes" }. */
export function splitEvery(ms: number): { amount: number; unit: EveryUnit } {
  for (const u of EVERY_UNITS) if (ms >= u.ms && ms % u.ms === 0) return { amount: ms / u.ms, unit: u.unit };
  return { amount: Math.max(1, Math.round(ms / 1_000)), unit: "seconds" };
}

export function everyMs(amount: number, unit: EveryUnit): number {
  return amount * (EVERY_UNITS.find((u) => u.unit === unit)?.ms ?? 1_000);
}

/** "Every 15 minutes", "Every day", "Every 90 seconds". */
export function describeEvery(ms: number): string {
  const { amount, unit } = splitEvery(ms);
  const word = unit.slice(0, -1);
  return amount === 1 ? `Every ${word}` : `Every ${plural(amount, word)}`;
}

const isNumber = (f: string): boolean => /^\d{1,2}$/.test(f);
const two = (n: string): string => n.padStart(2, "0");

function dayWords(field: string): string | null {
  if (/^[0-7]$/.test(field)) return `on ${DAYS[Number(field)]}s`;
  if (field === "1-5") return "on weekdays";
  if (/^[0-7](,[0-7])+$/.test(field)) {
    const names = field.split(",").map((d) => DAYS[Number(d)] ?? d);
    return `on ${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
  }
  return null;
}

/**
 * Words for the cron shapes schedules use (daily, weekly, monthly, every N minutes or hours),
 * evaluated in UTC as the scheduler does; other patterns are shown as they are.
 */
export function describeCron(pattern: string): string {
  let fields = pattern.trim().split(/\s+/);
  // Six fields: seconds first. Only "at second 0" reads the same as five.
  if (fields.length === 6 && fields[0] === "0") fields = fields.slice(1);
  const [min = "", hour = "", dom = "", mon = "", dow = ""] = fields;
  const fallback = `Cron ${pattern.trim()} (UTC)`;
  if (fields.length !== 5 || mon !== "*") return fallback;
  const at = isNumber(min) && isNumber(hour) ? `at ${two(hour)}:${two(min)} UTC` : null;
  if (at && dom === "*" && dow === "*") return `Daily ${at}`;
  if (at && dom === "*") {
    const days = dayWords(dow);
    return days ? `Weekly ${days} ${at}` : fallback;
  }
  if (at && isNumber(dom) && dow === "*") return `Monthly on day ${Number(dom)} ${at}`;
  if (dom !== "*" || dow !== "*") return fallback;
  if (min === "*" && hour === "*") return "Every minute";
  const everyMin = /^\*\/(\d+)$/.exec(min);
  if (everyMin && hour === "*") return `Every ${plural(Number(everyMin[1]), "minute")}`;
  if (isNumber(min) && hour === "*") return `Hourly at minute ${Number(min)}`;
  const everyHour = /^\*\/(\d+)$/.exec(hour);
  if (isNumber(min) && everyHour) return `Every ${plural(Number(everyHour[1]), "hour")} at minute ${Number(min)}`;
  return fallback;
}

/** A schedule's timing in words. */
export function describeTiming(s: { pattern: string | null; every: number | null }): string {
  if (s.pattern !== null) return describeCron(s.pattern);
  if (s.every !== null) return describeEvery(s.every);
  return "No timing";
}
