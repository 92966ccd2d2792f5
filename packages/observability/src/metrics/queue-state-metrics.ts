import { Counter, Gauge, type Registry } from "prom-client";

/** The platform's queue state as one scrape reads it from Redis (plain data; see @switchyard/core). */
export interface QueueState {
  pools: Array<{
    pool: string;
    paused: boolean;
    /** Jobs by state: waiting (incl. prioritized and paused), active, delayed. */
    jobs: Record<"waiting" | "active" | "delayed", number>;
    /** Waiting jobs by priority name, from BullMQ's prioritized set. */
    waitingByPriority: Record<string, number>;
    /** Live worker processes serving the pool. */
    workers: number;
    /** Outcome totals the workers flushed to Redis (monotonic while Redis keeps them). */
    totals: Record<"completed" | "failed" | "retried" | "dead", number>;
  }>;
  workersAlive: number;
  /** Per dependency and state: how many live workers report their breaker in that state. */
  breakers: Array<{ dependency: string; state: string; workers: number }>;
}

export interface QueueStateMetricsOptions {
  read: () => Promise<QueueState>;
  /** Called when a scrape could not read Redis (the scrape still answers, with `up` 0). */
  onError?: (err: unknown) => void;
}

/**
 * The web process's view of the whole platform, read lazily: one Redis read per scrape
 * (shared by every metric below), nothing on the request path. When Redis cannot be read
 * `switchyard_queue_state_up` is 0 and the queue series are left out of that scrape.
 */
export function registerQueueStateMetrics(registry: Registry, options: QueueStateMetricsOptions): void {
  const registers = [registry];
  // Every metric's collect() runs in parallel on a scrape: they share one read.
  let inFlight: Promise<QueueState | null> | null = null;
  const current = (): Promise<QueueState | null> => {
    if (!inFlight) {
      inFlight = options.read().then(
        (s) => s,
        (err: unknown) => {
          options.onError?.(err);
          return null;
        },
      );
      // Cleared once every collector of this scrape has had it.
      void inFlight.then(() => setImmediate(() => (inFlight = null)));
    }
    return inFlight;
  };

  new Gauge({
    name: "switchyard_queue_state_up",
    help: "1 when this scrape read the queue state from Redis, 0 when it could not",
    registers,
    async collect() {
      this.set((await current()) ? 1 : 0);
    },
  });
  new Gauge({
    name: "switchyard_queue_jobs",
    help: "Jobs per pool by state (waiting includes prioritized and paused)",
    labelNames: ["pool", "state"] as const,
    registers,
    async collect() {
      this.reset();
      for (const p of (await current())?.pools ?? []) {
        for (const [state, n] of Object.entries(p.jobs)) this.set({ pool: p.pool, state }, n);
      }
    },
  });
  new Gauge({
    name: "switchyard_queue_waiting",
    help: "Waiting jobs per pool and priority",
    labelNames: ["pool", "priority"] as const,
    registers,
    async collect() {
      this.reset();
      for (const p of (await current())?.pools ?? []) {
        for (const [priority, n] of Object.entries(p.waitingByPriority)) this.set({ pool: p.pool, priority }, n);
      }
    },
  });
  new Gauge({
    name: "switchyard_queue_paused",
    help: "1 while the pool is paused",
    labelNames: ["pool"] as const,
    registers,
    async collect() {
      this.reset();
      for (const p of (await current())?.pools ?? []) this.set({ pool: p.pool }, p.paused ? 1 : 0);
    },
  });
  new Gauge({
    name: "switchyard_pool_workers_alive",
    help: "Live worker processes serving the pool (heartbeat within 15 s)",
    labelNames: ["pool"] as const,
    registers,
    async collect() {
      this.reset();
      for (const p of (await current())?.pools ?? []) this.set({ pool: p.pool }, p.workers);
    },
  });
  new Gauge({
    name: "switchyard_workers_alive",
    help: "Live worker processes (heartbeat within 15 s)",
    registers,
    async collect() {
      this.reset();
      const s = await current();
      if (s) this.set(s.workersAlive);
    },
  });
  new Gauge({
    name: "switchyard_breakers",
    help: "Live workers reporting the dependency's circuit breaker in this state",
    labelNames: ["dependency", "state"] as const,
    registers,
    async collect() {
      this.reset();
      for (const b of (await current())?.breakers ?? []) this.set({ dependency: b.dependency, state: b.state }, b.workers);
    },
  });
  const totals: Array<[name: string, help: string, key: keyof QueueState["pools"][number]["totals"]]> = [
    ["switchyard_pool_completed_total", "Tasks completed in the pool, as the workers flushed them to Redis", "completed"],
    ["switchyard_pool_failed_attempts_total", "Failed attempts in the pool (retried or dead)", "failed"],
    ["switchyard_pool_retries_total", "Failed attempts in the pool that were retried", "retried"],
    ["switchyard_pool_dead_letters_total", "Tasks in the pool that became dead letters", "dead"],
  ];
  for (const [name, help, key] of totals) {
    new Counter({
      name,
      help,
      labelNames: ["pool"] as const,
      registers,
      async collect() {
        this.reset();
        for (const p of (await current())?.pools ?? []) this.inc({ pool: p.pool }, p.totals[key]);
      },
    });
  }
}
