import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";

/** Commander value parsers: a bad value is a usage error (exit 2) naming the option. */

export function intOption(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw.trim())) throw new InvalidArgumentError("expected a whole number.");
    const n = Number(raw);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}.`);
    return n;
  };
}

export function jsonOption(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new InvalidArgumentError(`not valid JSON (${(err as Error).message}).`);
  }
}

/** Comma-separated list, blanks dropped; each item checked against choices when given. */
export function listOption(choices?: readonly string[]) {
  return (raw: string, previous: string[] | undefined): string[] => {
    const items = raw
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (items.length === 0) throw new InvalidArgumentError("expected a comma-separated list.");
    if (choices) {
      const bad = items.filter((i) => !choices.includes(i));
      if (bad.length > 0) throw new InvalidArgumentError(`unknown ${bad.join(", ")}; choose from ${choices.join(", ")}.`);
    }
    return [...(previous ?? []), ...items];
  };
}

/** Read a file's text; "-" reads standard input. */
export function readTextFile(path: string): string {
  return readFileSync(path === "-" ? 0 : path, "utf8");
}

/** An ISO time with a zone, as the API's filters take it (normalised to UTC); a date alone is midnight UTC. */
export function isoTimeOption(raw: string): string {
  const value = raw.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    throw new InvalidArgumentError("expected an ISO time with a zone (2027-06-30T00:00:00Z) or a date (2027-06-30, midnight UTC).");
  }
  const at = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  // Date rolls 2027-02-30 over into March: the calendar day must exist as written.
  const day = value.slice(0, 10);
  const midnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) {
    throw new InvalidArgumentError("not a valid time.");
  }
  return at.toISOString();
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An expiry: a duration from now (90m, 12h, 30d, 8w) or an ISO time (isoTimeOption); in the future. */
export function expiryOption(raw: string): string {
  return expiryAt(raw, Date.now());
}

export function expiryAt(raw: string, now: number): string {
  const duration = /^(\d{1,6})([mhdw])$/.exec(raw.trim());
  if (duration) {
    const ms = Number(duration[1]) * DURATION_UNITS_MS[duration[2]!]!;
    if (ms <= 0) throw new InvalidArgumentError("a duration must be longer than zero.");
    return new Date(now + ms).toISOString();
  }
  let at: string;
  try {
    at = isoTimeOption(raw);
  } catch {
    throw new InvalidArgumentError("expected an ISO time with a zone (2027-06-30T00:00:00Z), a date (2027-06-30) or a duration from now (90m, 12h, 30d, 8w).");
  }
  if (new Date(at).getTime() <= now) throw new InvalidArgumentError("that time has passed.");
  return at;
}
