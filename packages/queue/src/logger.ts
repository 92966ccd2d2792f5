import pino from "pino";
import type { TaskLogger } from "./handler.js";

/** Structured JSON logs (pino). Tokens and secrets are never passed in fields. */
export function createLogger(name: string, level = "info"): TaskLogger & { raw: pino.Logger } {
  const raw = pino({ name, level, base: { svc: name } });
  return {
    raw,
    info: (msg, fields) => raw.info(fields ?? {}, msg),
    warn: (msg, fields) => raw.warn(fields ?? {}, msg),
    error: (msg, fields) => raw.error(fields ?? {}, msg),
  };
}
