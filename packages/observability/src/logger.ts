import pino from "pino";

/** The structured logger every process and handler gets. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Structured JSON logs (pino). Tokens and secrets are never passed in fields. */
export function createLogger(name: string, level = "info"): Logger & { raw: pino.Logger } {
  const raw = pino({ name, level, base: { svc: name } });
  return {
    raw,
    info: (msg, fields) => raw.info(fields ?? {}, msg),
    warn: (msg, fields) => raw.warn(fields ?? {}, msg),
    error: (msg, fields) => raw.error(fields ?? {}, msg),
  };
}
