import pino from "pino";
import { PinoPretty } from "pino-pretty";
import { isoTime, PRETTY_OPTIONS } from "./log-format.js";
import { activeTraceIds } from "./tracing-context.js";

const NO_FIELDS = Object.freeze({});
/** trace_id and span_id of the active sampled span, so a log line leads to its trace (tracing.ts). */
const traceMixin = (): object => activeTraceIds() ?? NO_FIELDS;
/** pino's default merge assigns into the mixin's object: the shared empty one is skipped instead. */
const mixinMergeStrategy = (fields: object, mixed: object): object => (mixed === NO_FIELDS ? fields : Object.assign(mixed, fields));

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
export function createLogger(
  name: string,
  level = "info",
  opts: { pretty?: boolean; /** JSON lines go here instead of stdout (tests). */ destination?: pino.DestinationStream } = {},
): Logger & { raw: pino.Logger } {
  const options = { name, level, base: { svc: name }, timestamp: isoTime, mixin: traceMixin, mixinMergeStrategy };
  const pretty = opts.pretty ?? process.stdout.isTTY === true;
  // sync: a line is on the terminal before the process goes on (and before it exits).
  const raw = pretty ? pino(options, PinoPretty({ ...PRETTY_OPTIONS, sync: true })) : opts.destination ? pino(options, opts.destination) : pino(options);
  return {
    raw,
    info: (msg, fields) => raw.info(fields ?? {}, msg),
    warn: (msg, fields) => raw.warn(fields ?? {}, msg),
    error: (msg, fields) => raw.error(fields ?? {}, msg),
  };
}
