import type { LatencySummary } from "@switchyard/shared";

/** Nearest-rank percentile of an ascending array (p in 0..100). */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** p50/p95/p99/max/mean of latencies in ms; null when there are none. */
export function summarizeLatencies(latencies: readonly number[]): LatencySummary | null {
  if (latencies.length === 0) return null;
  const sorted = Float64Array.from(latencies).sort();
  const values = Array.from(sorted);
  let sum = 0;
  for (const v of values) sum += v;
  return {
    p50: round1(percentile(values, 50)),
    p95: round1(percentile(values, 95)),
    p99: round1(percentile(values, 99)),
    max: round1(values[values.length - 1] ?? 0),
    mean: round1(sum / values.length),
  };
}
