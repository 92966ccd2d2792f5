import pino from "pino";
import { prettyFactory } from "pino-pretty";

/** Every process's log timestamp: ISO 8601 in UTC (`"time":"2026-12-04T19:00:00.000Z"`). */
export const isoTime = pino.stdTimeFunctions.isoTime;

/** pino-pretty's options shared by a process on a terminal and the launcher prettifying its children. */
export const PRETTY_OPTIONS = {
  colorize: true,
  // The same ISO 8601 UTC stamp as the JSON lines, not the local time.
  translateTime: "UTC:yyyy-mm-dd'T'HH:MM:ss.l'Z'",
  ignore: "pid,hostname,svc",
  messageKey: "msg",
  singleLine: true,
} as const;

/**
 * A formatter for one line of a process's output: a JSON log line (pino's, or any with `time`,
 * `level` and `msg`) becomes pino-pretty's human-readable line; anything else is kept as it is.
 */
export function createPrettyLineFormatter(colorize = true): (line: string) => string {
  const pretty = prettyFactory({ ...PRETTY_OPTIONS, colorize });
  return (line) => {
    if (!line.startsWith("{")) return line;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== "object" || parsed === null || !("msg" in parsed)) return line;
      return pretty(parsed as Record<string, unknown>).replace(/\n$/, "");
    } catch {
      return line;
    }
  };
}
