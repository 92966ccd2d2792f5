/** redis-server's log line: `<pid>:<role> 04 Dec 2026 19:00:00.123 <mark> <message>`. */
const REDIS_LINE = /^(\d+):([XCSM]) (\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}\.\d{3}) ([.\-*#]) (.*)$/;
/** Its marks as pino levels: debug, verbose, notice, warning. */
const LEVELS: Record<string, number> = { ".": 20, "-": 20, "*": 30, "#": 40 };

/**
 * redis-server's own log line as a JSON log line like every other process's (pino's levels,
 * ISO 8601 UTC `time`), so the launcher shows one format. redis-server must run with TZ=UTC
 * (its timestamps carry no zone). Lines in any other shape are returned as they are.
 */
export function redisLogToJson(line: string): string {
  const m = REDIS_LINE.exec(line);
  if (!m) return line;
  const [, pid, , stamp, mark, msg] = m;
  const time = new Date(`${stamp} UTC`);
  if (Number.isNaN(time.getTime())) return line;
  return JSON.stringify({ level: LEVELS[mark ?? "*"] ?? 30, time: time.toISOString(), svc: "redis", pid: Number(pid), msg });
}
