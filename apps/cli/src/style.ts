/**
 * Colour only where it helps and is wanted: a terminal, NO_COLOR unset, TERM not "dumb" and no
 * --no-color. Meaning never rests on colour: every status is printed as a word too.
 */
export function ansiAllowed(stream: NodeJS.WriteStream, colorFlag = true, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (!colorFlag) return false;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["TERM"] === "dumb") return false;
  return stream.isTTY === true;
}

export interface Style {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** A task, pool, worker or breaker status word, coloured when colour is on. */
  status(word: string): string;
}

const wrap =
  (enabled: boolean, open: number, close: number) =>
  (s: string): string =>
    enabled && s !== "" ? `\u001b[${open}m${s}\u001b[${close}m` : s;

const STATUS_COLOUR: Record<string, "green" | "red" | "yellow" | "cyan" | "dim"> = {
  completed: "green",
  running: "green",
  alive: "green",
  up: "green",
  ok: "green",
  closed: "green",
  allowed: "green",
  dead: "red",
  revoked: "red",
  disabled: "red",
  denied_role: "red",
  denied_policy: "red",
  denied_mfa: "red",
  failed: "red",
  down: "red",
  open: "red",
  gone: "red",
  "timed-out": "red",
  cancelled: "yellow",
  expired: "yellow",
  retrying: "yellow",
  paused: "yellow",
  "half-open": "yellow",
  stalled: "yellow",
  active: "cyan",
  queued: "dim",
};

export function createStyle(enabled: boolean): Style {
  const s = {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
  };
  return {
    ...s,
    status(word) {
      const colour = STATUS_COLOUR[word];
      return colour ? s[colour](word) : word;
    },
  };
}
