import type { JsonValue } from "./integrity.js";

/** Keys whose values are secrets (case-insensitive, anywhere in the key). Over-redacting is the safe side. */
const SECRET_KEY =
  /pass(word|phrase)?|passwd|pwd|token|secret|code|totp|otp|recovery|api[-_]?key|authori[sz]ation|cookie|private[-_]?key|credential|signature|mnemonic|seed/i;
/** Values that are secrets whatever their key: our API tokens, bearer and basic credentials. */
const SECRET_VALUE = /^(sy_[A-Za-z0-9_-]{20,}|(bearer|basic)\s+\S+)$/i;
const MAX_DEPTH = 32;
export const REDACTED = "[redacted]";

/**
 * A JSON copy of value with secrets replaced by "[redacted]": values under secret-looking keys,
 * and strings that look like credentials. Dates become ISO strings, undefined and functions are
 * dropped (as JSON.stringify does), bigints become strings, cycles and depth beyond 32 become
 * "[circular]" / "[too deep]". The input digest is computed from this copy, never from secrets.
 */
export function redactInput(value: unknown): JsonValue | null {
  return copy(value, 0, new Set()) ?? null;
}

function copy(value: unknown, depth: number, seen: Set<object>): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      return SECRET_VALUE.test(value.trim()) ? REDACTED : value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1, seen) ?? null);
    const out: Record<string, JsonValue> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEY.test(key)) {
        if (v !== undefined) out[key] = REDACTED;
        continue;
      }
      const c = copy(v, depth + 1, seen);
      if (c !== undefined) out[key] = c;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
