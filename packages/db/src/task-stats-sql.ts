import type { SqlDialect } from "./sql-dialect.js";
import type { TaskStatsBucket, TaskStatsQuery } from "./task-stats-repo.js";

/**
 * Completed and failed tasks per pool and minute of finishing, with p50/p95 run time of the
 * completed ones, in one statement. Percentiles are nearest-rank from ROW_NUMBER over the
 * minute's run times (the k-th smallest, k = ceil(p·n) in integer arithmetic), so SQLite, which
 * has no percentile function, and PostgreSQL give the same answer. Minutes with nothing
 * finished are absent (the caller fills them in).
 *
 * The scan walks the partial index on finishedAt (finished rows only, migration
 * finished_index) over the asked window, so its cost follows what finished in that window, not
 * the size of the history.
 */
export function taskStatsSql(dialect: SqlDialect, query: TaskStatsQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown, type: "text" | "timestamp"): string => {
    params.push(value);
    return dialect.param(params.length, type);
  };
  const sqlite = dialect.kind === "sqlite";
  // SQLite keeps DateTime as ISO text with "+00:00" (sqlite-settings.ts); the first 23 characters are the UTC time.
  const minute = sqlite
    ? `(CAST(strftime('%s', substr("finishedAt", 1, 19)) AS INTEGER) / 60)`
    : `CAST(FLOOR(EXTRACT(EPOCH FROM "finishedAt") / 60) AS BIGINT)`;
  const runMs = sqlite
    ? `ROUND((julianday(substr("finishedAt", 1, 23)) - julianday(substr("startedAt", 1, 23))) * 86400000.0)`
    : `CAST(EXTRACT(EPOCH FROM ("finishedAt" - "startedAt")) * 1000 AS DOUBLE PRECISION)`;
  const conditions = [
    // SQLite: unary + keeps the planner off the status index, which would read every finished row.
    `${sqlite ? "+" : ""}"status" IN ('completed', 'dead', 'failed')`,
    `"finishedAt" >= ${p(dialect.date(query.since), "timestamp")}`,
    `"finishedAt" < ${p(dialect.date(query.until), "timestamp")}`,
  ];
  if (query.pool !== undefined) conditions.push(`"pool" = ${p(query.pool, "text")}`);
  const sql = `
WITH finished AS (
  SELECT "pool" AS pool, ${minute} AS minute,
    CASE WHEN "status" = 'completed' THEN 1 ELSE 0 END AS ok,
    CASE WHEN "status" = 'completed' AND "startedAt" IS NOT NULL THEN ${runMs} END AS ms
  FROM "tasks"
  WHERE ${conditions.join(" AND ")}
),
ranked AS (
  SELECT pool, minute, ok, ms,
    ROW_NUMBER() OVER (PARTITION BY pool, minute, (ms IS NULL) ORDER BY ms) AS rn,
    COUNT(ms) OVER (PARTITION BY pool, minute) AS n
  FROM finished
)
SELECT pool, minute,
  SUM(ok) AS completed,
  COUNT(*) - SUM(ok) AS failed,
  MAX(CASE WHEN ms IS NOT NULL AND rn = (n + 1) / 2 THEN ms END) AS p50,
  MAX(CASE WHEN ms IS NOT NULL AND rn = (95 * n + 99) / 100 THEN ms END) AS p95
FROM ranked
GROUP BY pool, minute
ORDER BY pool, minute`;
  return { sql, params };
}

type Num = number | bigint | string | null;
export interface TaskStatsSqlRow {
  pool: string;
  minute: Num;
  completed: Num;
  failed: Num;
  p50: Num;
  p95: Num;
}

const num = (v: Num): number | null => (v === null ? null : Number(v));

export function taskStatsBucket(row: TaskStatsSqlRow): TaskStatsBucket {
  return {
    pool: row.pool,
    minute: new Date((num(row.minute) ?? 0) * 60_000),
    completed: num(row.completed) ?? 0,
    failed: num(row.failed) ?? 0,
    p50Ms: num(row.p50),
    p95Ms: num(row.p95),
  };
}
