import { Counter, Gauge, type Registry } from "prom-client";
import { LocalHistogram, type HistogramSeries } from "./local-histogram.js";

/** Seconds: tasks run from microseconds (no-ops) to the pools' longest timeouts. */
const TASK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

/**
 * What a worker process observes of its own tasks, called from the runtime's local BullMQ
 * events. Each call is two Map lookups and a few additions on plain numbers (local-histogram.ts):
 * nothing is hashed, validated or allocated per task; the series are rendered on scrape.
 */
export interface TaskMetrics {
  /** A task's first attempt started, `waitMs` after it was queued (or became due). */
  started(pool: string, type: string, waitMs: number): void;
  completed(pool: string, type: string, runMs: number): void;
  /** A failed attempt: `final` when it made the task dead, else it will be retried. */
  failed(pool: string, type: string, runMs: number, final: boolean): void;
  /** Sources read on scrape only: running tasks per pool and the process's breakers. */
  bind(sources: TaskMetricsSources): void;
}

export interface TaskMetricsSources {
  activeByPool(): Iterable<[pool: string, count: number]>;
  breakers(): Iterable<{ name: string; state: string }>;
}

/** One pool and type's figures, plain numbers until a scrape renders them. */
interface Series {
  labels: { pool: string; type: string };
  wait: HistogramSeries;
  run: HistogramSeries;
  completed: number;
  failures: number;
  retries: number;
  dead: number;
}

const BREAKER_STATES = ["closed", "open", "half-open"] as const;

/** The worker's task metrics, `switchyard_task_*`, on the given registry. */
export function createTaskMetrics(registry: Registry, pools: readonly string[] = []): TaskMetrics {
  const registers = [registry];
  const labelNames = ["pool", "type"] as const;
  const wait = new LocalHistogram(
    "switchyard_task_wait_seconds",
    "Time from queued (or due, when delayed) to the start of the first attempt, by pool and type",
    TASK_BUCKETS,
  );
  const run = new LocalHistogram(
    "switchyard_task_run_seconds",
    "Run time of each attempt that completed or failed (not cancelled or handed back), by pool and type",
    TASK_BUCKETS,
  );
  wait.register(registry);
  run.register(registry);
  const all: Series[] = [];
  const counter = (name: string, help: string, pick: (s: Series) => number): void => {
    new Counter({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const s of all) this.inc(s.labels, pick(s));
      },
    });
  };
  counter("switchyard_tasks_completed_total", "Tasks completed by this worker", (s) => s.completed);
  counter("switchyard_task_failures_total", "Failed attempts (retried or dead; cancellations and shutdown hand-backs are not failures)", (s) => s.failures);
  counter("switchyard_task_retries_total", "Failed attempts that will be retried", (s) => s.retries);
  counter("switchyard_task_dead_letters_total", "Tasks that became dead letters (attempts exhausted or not retryable)", (s) => s.dead);

  let sources: TaskMetricsSources = { activeByPool: () => [], breakers: () => [] };
  new Gauge({
    name: "switchyard_tasks_active",
    help: "Tasks running in this worker, by pool",
    labelNames: ["pool"] as const,
    registers,
    collect() {
      this.reset();
      for (const pool of pools) this.set({ pool }, 0);
      for (const [pool, n] of sources.activeByPool()) this.set({ pool }, n);
    },
  });
  new Gauge({
    name: "switchyard_worker_breaker_state",
    help: "1 for each circuit breaker's current state in this worker (closed, open, half-open)",
    labelNames: ["dependency", "state"] as const,
    registers,
    collect() {
      this.reset();
      for (const b of sources.breakers()) {
        for (const state of BREAKER_STATES) this.set({ dependency: b.name, state }, b.state === state ? 1 : 0);
      }
    },
  });

  // pool → type → series, built on first use.
  const cache = new Map<string, Map<string, Series>>();
  const series = (pool: string, type: string): Series => {
    let byType = cache.get(pool);
    if (!byType) cache.set(pool, (byType = new Map()));
    let s = byType.get(type);
    if (!s) {
      const labels = { pool, type };
      s = { labels, wait: wait.series(labels), run: run.series(labels), completed: 0, failures: 0, retries: 0, dead: 0 };
      byType.set(type, s);
      all.push(s);
    }
    return s;
  };

  return {
    started(pool, type, waitMs) {
      series(pool, type).wait.observe(Math.max(0, waitMs) / 1000);
    },
    completed(pool, type, runMs) {
      const s = series(pool, type);
      s.run.observe(Math.max(0, runMs) / 1000);
      s.completed += 1;
    },
    failed(pool, type, runMs, final) {
      const s = series(pool, type);
      s.run.observe(Math.max(0, runMs) / 1000);
      s.failures += 1;
      if (final) s.dead += 1;
      else s.retries += 1;
    },
    bind(next) {
      sources = next;
    },
  };
}
