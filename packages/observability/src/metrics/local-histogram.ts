import type { Metric, Registry } from "prom-client";

/**
 * A histogram whose observations are plain array increments, rendered only on scrape.
 * prom-client's own Histogram hashes and validates the label set on every observe (several
 * microseconds); a worker's hot path calls this once or twice per task, so the series are kept
 * as objects the caller holds (`series(...)`), and observe() is a bucket search and two adds.
 */
export class LocalHistogram {
  private readonly all: Array<{ labels: Record<string, string>; s: HistogramSeries }> = [];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  /** One label set's series; keep it and observe on it. */
  series(labels: Record<string, string>): HistogramSeries {
    const s = new HistogramSeries(this.buckets);
    this.all.push({ labels, s });
    return s;
  }

  register(registry: Registry): void {
    // prom-client renders any object with name, help, type and get() (registry.getMetricsAsString).
    registry.registerMetric(this as unknown as Metric);
  }

  /** The shape prom-client's registry renders: cumulative `_bucket`s with `le`, then `_sum` and `_count`. */
  get(): { name: string; help: string; type: "histogram"; aggregator: "sum"; values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> } {
    const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
    for (const { labels, s } of this.all) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += s.counts[i] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: "+Inf" }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: "histogram", aggregator: "sum", values };
  }
}

export class HistogramSeries {
  /** Per bucket (not cumulative); values above the last bound are only in `count`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    const b = this.bounds;
    let i = 0;
    while (i < b.length && value > (b[i] as number)) i++;
    if (i < b.length) this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count += 1;
  }
}
