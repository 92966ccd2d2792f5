import { POOL_NAMES, type PoolName } from "@switchyard/shared/pools";

/**
 * The dead-letter filter as the form holds it (strings, "" = any) and as the API takes it.
 * `since` is the value of a datetime-local field: the operator's local time, sent as ISO.
 */
export interface DeadLetterFilter {
  type: string;
  pool: string;
  error: string;
  since: string;
}

export const EMPTY_FILTER: DeadLetterFilter = { type: "", pool: "", error: "", since: "" };

export interface DeadLetterFilterInput {
  type?: string;
  pool?: PoolName;
  error?: string;
  since?: string;
}

/** Local "YYYY-MM-DDTHH:mm[:ss]" → ISO instant; null when the field holds no valid time. */
export function localDateTimeToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime(); // no zone in the string: parsed as local time
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function filterToInput(filter: DeadLetterFilter): DeadLetterFilterInput {
  const error = filter.error.trim();
  const since = filter.since ? localDateTimeToIso(filter.since) : null;
  return {
    ...(filter.type ? { type: filter.type } : {}),
    ...(isPoolName(filter.pool) ? { pool: filter.pool } : {}),
    ...(error ? { error } : {}),
    ...(since ? { since } : {}),
  };
}

function isPoolName(value: string): value is PoolName {
  return (POOL_NAMES as readonly string[]).includes(value);
}

export function isEmptyFilter(filter: DeadLetterFilter): boolean {
  return Object.keys(filterToInput(filter)).length === 0;
}

/** "type diagnostic.flaky, error containing “timeout”" — for confirmations and announcements. */
export function describeFilter(filter: DeadLetterFilter, formatSince: (iso: string) => string): string {
  const input = filterToInput(filter);
  const parts: string[] = [];
  if (input.type) parts.push(`type ${input.type}`);
  if (input.pool) parts.push(`pool ${input.pool}`);
  if (input.error) parts.push(`error containing “${input.error}”`);
  if (input.since) parts.push(`finished since ${formatSince(input.since)}`);
  return parts.length ? parts.join(", ") : "no filters";
}
