/** Number and time formatting for the dashboard: Intl everywhere, one locale (the page's lang). */
export const LOCALE = "en";

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });
const rate = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const seconds = new Intl.NumberFormat(LOCALE, { style: "unit", unit: "second", unitDisplay: "short", maximumFractionDigits: 1 });
const minutes = new Intl.NumberFormat(LOCALE, { style: "unit", unit: "minute", unitDisplay: "short", maximumFractionDigits: 1 });
const hours = new Intl.NumberFormat(LOCALE, { style: "unit", unit: "hour", unitDisplay: "short", maximumFractionDigits: 1 });
const millis = new Intl.NumberFormat(LOCALE, { style: "unit", unit: "millisecond", unitDisplay: "short" });
const clock = new Intl.DateTimeFormat(LOCALE, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

export function formatInt(n: number): string {
  return integer.format(n);
}

/** Large counters (completed, failed) stay readable: 1,234 below 100k, then 123.4K. */
export function formatCount(n: number): string {
  return Math.abs(n) < 100_000 ? integer.format(n) : compact.format(n);
}

export function formatRate(perSecond: number): string {
  return rate.format(perSecond);
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return millis.format(ms);
  if (ms < 120_000) return seconds.format(ms / 1_000);
  if (ms < 2 * 3_600_000) return minutes.format(ms / 60_000);
  return hours.format(ms / 3_600_000);
}

export function formatClock(epochMs: number): string {
  return clock.format(new Date(epochMs));
}

const dateTime = new Intl.DateTimeFormat(LOCALE, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: "always", style: "short" });
const mebibytes = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** "Nov 2, 2025, 14:03:22" in the browser's time zone. */
export function formatDateTime(at: number | string): string {
  return dateTime.format(new Date(at));
}

/** "12 sec. ago", "in 4 min." relative to `now`; under a second reads as "now". */
export function formatRelative(at: number, now: number): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  if (abs < 1_000) return "now";
  if (abs < 120_000) return relative.format(Math.round(diff / 1_000), "second");
  if (abs < 2 * 3_600_000) return relative.format(Math.round(diff / 60_000), "minute");
  if (abs < 48 * 3_600_000) return relative.format(Math.round(diff / 3_600_000), "hour");
  return relative.format(Math.round(diff / 86_400_000), "day");
}

/** Bytes as MiB ("123 MiB"), the unit operators compare process memory in. */
export function formatMemory(bytes: number): string {
  return `${mebibytes.format(bytes / 1_048_576)} MiB`;
}
