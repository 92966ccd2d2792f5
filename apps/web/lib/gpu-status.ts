import type { api } from "./trpc-client";

/** The GPU runner as tRPC `gpu.status` returns it (get-gpu-runner). */
export type GpuStatus = Awaited<ReturnType<typeof api.gpu.status.query>>;
export type GpuMetrics = NonNullable<GpuStatus["metrics"]>;

/**
 * Readable ranges for the runner's batch-size buckets: each bucket counts batches of
 * (previous bound, upTo] rows, so 1 → "1", 2 → "2", 4 → "3–4", null → "over 256".
 */
export function batchRanges(buckets: GpuMetrics["batchSizes"]): Array<{ label: string; count: number }> {
  let previous = 0;
  return buckets.map(({ upTo, count }) => {
    const from = previous + 1;
    const label = upTo === null ? `over ${previous}` : upTo === from ? String(upTo) : `${from}–${upTo}`;
    if (upTo !== null) previous = upTo;
    return { label, count };
  });
}

/** Rows and completed requests per second between two snapshots of the runner's counters. */
export interface Throughput {
  rowsPerSecond: number;
  requestsPerSecond: number;
  overSeconds: number;
}

export interface CounterSnapshot {
  at: number;
  rows: number;
  completed: number;
  uptimeSeconds: number;
}

/**
 * The rate between the previous and the current snapshot; null on the first one, or when the
 * runner restarted in between (its counters start again from 0).
 */
export function throughputBetween(previous: CounterSnapshot | null, current: CounterSnapshot): Throughput | null {
  if (!previous) return null;
  const seconds = (current.at - previous.at) / 1_000;
  if (seconds <= 0 || current.rows < previous.rows || current.completed < previous.completed || current.uptimeSeconds < previous.uptimeSeconds) {
    return null;
  }
  return {
    rowsPerSecond: (current.rows - previous.rows) / seconds,
    requestsPerSecond: (current.completed - previous.completed) / seconds,
    overSeconds: seconds,
  };
}
