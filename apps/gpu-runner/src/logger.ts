import { activeTraceIds } from "@switchyard/observability";

/** Structured JSON-lines logger (stderr). Compatible with @switchyard/queue's TaskLogger. */
export interface RunnerLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

export function createLogger(level: LogLevel = "info", write: (line: string) => void = (l) => process.stderr.write(l + "\n")): RunnerLogger {
  const min = LEVELS[level];
  const emit = (lvl: Exclude<LogLevel, "silent">, msg: string, fields?: Record<string, unknown>): void => {
    if (LEVELS[lvl] < min) return;
    // trace_id/span_id of the active sampled span, as every process's logs carry them.
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, svc: "gpu-runner", msg, ...activeTraceIds(), ...fields }));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

export const silentLogger: RunnerLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
