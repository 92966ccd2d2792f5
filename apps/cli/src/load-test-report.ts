import { z } from "zod";
import { formatDuration, formatNumber, formatTime } from "./format.js";
import type { Output } from "./output.js";

/**
 * A load test's report as GET /api/v1/load-tests/:id gives it (the server's schema lives in a
 * server package, which the CLI doesn't import; this reads it loosely so new fields pass).
 */
export const loadTestReportSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  spec: z.looseObject({
    count: z.number(),
    type: z.string(),
    pool: z.string(),
    priorities: z.array(z.string()),
    ratePerSecond: z.number(),
    timeoutMs: z.number(),
  }),
  submitted: z.number(),
  completed: z.number(),
  failed: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number(),
  throughputPerSec: z.number(),
  /** Milliseconds from submission to completion: p50, p95, p99, max, mean (whatever the server gives). */
  latencyMs: z.record(z.string(), z.number()).nullable(),
  error: z.string().optional(),
});
export type LoadTestReport = z.infer<typeof loadTestReportSchema>;

const ORDER = ["min", "p50", "p75", "p90", "p95", "p99", "p999", "max", "mean"];

/** Percentiles first in their natural order, then any other figure the server reports. */
export function latencyRows(latency: Record<string, number>): Array<[string, string]> {
  const keys = Object.keys(latency).sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib) || a.localeCompare(b);
  });
  return keys.map((k) => [k, formatNumber(latency[k]!, 1)]);
}

export function printLoadTestReport(out: Output, r: LoadTestReport): void {
  const s = out.style;
  out.line(`load test ${r.id}: ${s.status(r.status)}`);
  out.fields([
    ["task type", `${r.spec.type} in pool ${r.spec.pool}, priorities ${r.spec.priorities.join(",")}`],
    ["requested", `${r.spec.count} at ${r.spec.ratePerSecond}/s (timeout ${formatDuration(r.spec.timeoutMs)})`],
    ["submitted", String(r.submitted)],
    ["completed", String(r.completed)],
    ["failed", String(r.failed)],
    ["started", formatTime(r.startedAt)],
    ["duration", formatDuration(r.durationMs)],
    ["throughput", `${formatNumber(r.throughputPerSec, 1)} tasks/s`],
  ]);
  if (r.error) out.line(`error: ${r.error}`);
  out.line();
  if (!r.latencyMs) {
    out.line("latency: no task completed, so no percentiles");
    return;
  }
  out.line("latency, submission to completion:");
  out.table([{ header: "PERCENTILE" }, { header: "MS", align: "right" }], latencyRows(r.latencyMs));
}
