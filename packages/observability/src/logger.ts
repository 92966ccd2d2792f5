import pino from "pino";
import { PinoPretty } from "pino-pretty";
import { isoTime, PRETTY_OPTIONS } from "./log-format.js";

/** The structured logger every process and handler gets. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Structured logs (pino) with ISO 8601 UTC timestamps: JSON lines, or pino-pretty's readable
 * lines when `pretty` (by default: when stdout is a terminal). Tokens and secrets are never
 * passed in fields.
 */
export function createLogger(name: string, level = "info", opts: { pretty?: boolean } = {}): Logger & { raw: pino.Logger } {
  const options = { name, level, base: { svc: name }, timestamp: isoTime };
  const pretty = opts.pretty ?? process.stdout.isTTY === true;
  // sync: a line is on the terminal before the process goes on (and before it exits).
  const raw = pretty ? pino(options, PinoPretty({ ...PRETTY_OPTIONS, sync: true })) : pino(options);
  return {
    raw,
    info: (msg, fields) => raw.info(fields ?? {}, msg),
    warn: (msg, fields) => raw.warn(fields ?? {}, msg),
    error: (msg, fields) => raw.error(fields ?? {}, msg),
  };
}
