/**
 * A small reader for the Prometheus text exposition format (version 0.0.4), enough for the
 * GPU runner's /metrics: samples with labels, escaped label values, +Inf/-Inf/NaN, optional
 * timestamps. Comment lines (# HELP, # TYPE) are skipped; a malformed line is skipped too, so
 * one odd series never hides the rest.
 */
export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+-?\d+)?[ \t]*$/;

function parseValue(text: string): number | null {
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  const n = Number(text);
  return Number.isNaN(n) ? null : n;
}

/** Label pairs `a="x",b="y\"z"`, with the format's escapes (\\, \", \n); null when malformed. */
function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === " " || text[i] === ",") i++;
    if (i >= text.length) break;
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
    if (!name) return null;
    i += name[0].length;
    if (text[i] !== "=" || text[i + 1] !== '"') return null;
    i += 2;
    let value = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) return null;
      if (c === '"') break;
      if (c === "\\") {
        const next = text[i + 1];
        value += next === "n" ? "\n" : (next ?? "");
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    i++;
    labels[name[0]] = value;
  }
  return labels;
}

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = SAMPLE_LINE.exec(line);
    if (!m?.[1] || m[3] === undefined) continue;
    const labels = m[2] === undefined ? {} : parseLabels(m[2]);
    const value = parseValue(m[3]);
    if (labels === null || value === null) continue;
    samples.push({ name: m[1], labels, value });
  }
  return samples;
}

/** Sum of a metric's samples, over every label set (or those matching `where`). */
export function sumOf(samples: readonly Sample[], name: string, where: (labels: Readonly<Record<string, string>>) => boolean = () => true): number {
  let total = 0;
  for (const s of samples) if (s.name === name && where(s.labels)) total += s.value;
  return total;
}

/** Totals of a counter by one label's values, largest first. */
export function sumBy(samples: readonly Sample[], name: string, label: string): Array<{ key: string; count: number }> {
  const by = new Map<string, number>();
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = s.labels[label] ?? "";
    by.set(key, (by.get(key) ?? 0) + s.value);
  }
  return [...by].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export interface HistogramSummary {
  /** Cumulative counts by upper bound, ascending, +Inf last (all label sets merged). */
  cumulative: Array<{ le: number; count: number }>;
  count: number;
  sum: number;
}

/** A histogram's `_bucket`, `_count` and `_sum` series, merged over every other label. */
export function histogram(samples: readonly Sample[], name: string): HistogramSummary {
  const byBound = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    const le = s.labels["le"];
    const bound = le === undefined ? null : parseValue(le);
    if (bound === null || Number.isNaN(bound)) continue;
    byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
  }
  const cumulative = [...byBound].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  return { cumulative, count: sumOf(samples, `${name}_count`), sum: sumOf(samples, `${name}_sum`) };
}

/** Counts per bucket (not cumulative): how many observations fell in (previous bound, le]. */
export function bucketCounts(h: HistogramSummary): Array<{ le: number; count: number }> {
  let previous = 0;
  return h.cumulative.map(({ le, count }) => {
    const own = Math.max(0, count - previous);
    previous = count;
    return { le, count: own };
  });
}

/**
 * The q-quantile as Prometheus' histogram_quantile estimates it: linear within the bucket that
 * holds it, the lowest bucket starting at 0; one that falls in +Inf gives the highest finite
 * bound. Null without observations.
 */
export function quantile(h: HistogramSummary, q: number): number | null {
  const last = h.cumulative[h.cumulative.length - 1];
  const total = last?.count ?? 0;
  if (!last || total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of h.cumulative) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lowerBound;
      if (count === lowerCount) return le;
      return lowerBound + ((le - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
