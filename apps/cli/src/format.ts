/** Small formatters for human output. */

/** ISO time to the second, UTC: 2026-11-30T13:08:31Z. */
export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "-";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(2)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

export function formatAge(epochMs: number, now = Date.now()): string {
  return `${formatDuration(Math.max(0, now - epochMs))} ago`;
}

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(0)} MiB`;
}

export function formatNumber(n: number, digits = 1): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

/** JSON on one line, shortened for a table cell or a summary. */
export function shortJson(value: unknown, max = 120): string {
  const s = JSON.stringify(value) ?? "undefined";
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
