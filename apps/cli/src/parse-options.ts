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
