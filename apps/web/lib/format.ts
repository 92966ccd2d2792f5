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
