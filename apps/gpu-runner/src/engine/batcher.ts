import type { QueueEntry, RequestQueue } from "./request-queue.js";

/**
 * Dynamic batcher. Dispatches at once while a compute slot is free and gathers while busy:
 * everything that arrived during a batch's compute forms the next batch the moment it ends.
 *
 * - Requests arriving in the same event-loop turn join one batch (dispatch runs on
 *   setImmediate, after the I/O phase that delivered them).
 * - `maxQueueDelayMs` > 0: when idle, wait up to that long for a fuller batch.
 * - `gatherMs` > 0: when a slot is free but another batch is still computing, wait up to that
 *   long (or until `gatherBatchSize` requests are queued, or a batch ends) before dispatching.
 *   Without it, under a closed loop of many clients every request that arrives alone finds a
 *   free replica and runs as a batch of one (measured: half of all batches at 64 clients on two
 *   CPU replicas, at about half the per-sentence efficiency of batch 8). Idle (nothing
 *   computing) still dispatches at once, so a lone client pays no extra latency.
 * - Free slots split the queue between them (ceil(depth / free slots) each, up to the max).
 * - Limits per batch: `maxBatchSize()` slots (read each time: the resource manager lowers it
 *   under memory pressure) and whatever `accept` enforces (the token budget).
 * - `execute` resolves when the compute is done, with a `deliver` step; the next batch is
 *   dispatched before delivering, so result serialization overlaps the next compute.
 */
export interface BatcherOptions<T> {
  queue: RequestQueue<T>;
  maxBatchSize: () => number;
  maxQueueDelayMs: number;
  gatherMs?: number;
  gatherBatchSize?: number;
  maxInFlight: number;
  accept?: (entry: QueueEntry<T>, batch: ReadonlyArray<QueueEntry<T>>) => boolean;
  execute: (batch: Array<QueueEntry<T>>) => Promise<() => void>;
  onError: (err: unknown, batch: Array<QueueEntry<T>>) => void;
}

export class Batcher<T> {
  private inFlight = 0;
  private scheduled = false;
  private delayTimer: NodeJS.Timeout | null = null;
  private idleWaiters: Array<() => void> = [];
  private paused = false;

  constructor(private readonly options: BatcherOptions<T>) {}

  get batchesInFlight(): number {
    return this.inFlight;
  }

  /** Something was enqueued: dispatch soon. */
  notify(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Stop dispatching (queued entries stay). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.notify();
  }

  private pump(): void {
    const { queue } = this.options;
    while (!this.paused && this.inFlight < this.options.maxInFlight && queue.depth > 0) {
      const max = Math.max(1, Math.floor(this.options.maxBatchSize()));
      const idle = this.inFlight === 0;
      const waitMs = idle ? this.options.maxQueueDelayMs : (this.options.gatherMs ?? 0);
      const enough = idle ? max : Math.min(max, Math.max(1, this.options.gatherBatchSize ?? max));
      if (waitMs > 0 && queue.depth < enough) {
        if (!this.delayTimer) {
          this.delayTimer = setTimeout(() => {
            this.delayTimer = null;
            this.dispatch(Math.max(1, Math.floor(this.options.maxBatchSize())));
            this.pump();
          }, waitMs);
        }
        return;
      }
      // Several free slots share what is queued, so no replica idles while another works
      // through one oversized batch.
      const free = this.options.maxInFlight - this.inFlight;
      if (!this.dispatch(free > 1 ? Math.min(max, Math.ceil(queue.depth / free)) : max)) break;
    }
    this.checkIdle();
  }

  private dispatch(max: number): boolean {
    if (this.delayTimer) {
      clearTimeout(this.delayTimer);
      this.delayTimer = null;
    }
    const batch = this.options.queue.takeBatch(max, this.options.accept);
    if (batch.length === 0) return false;
    this.inFlight++;
    this.options
      .execute(batch)
      .then(
        (deliver) => {
          this.inFlight--;
          this.pump();
          deliver();
        },
        (err: unknown) => {
          this.inFlight--;
          this.pump();
          this.options.onError(err, batch);
        },
      )
      .finally(() => this.checkIdle());
    return true;
  }

  private checkIdle(): void {
    if (this.inFlight === 0 && (this.options.queue.depth === 0 || this.paused) && this.idleWaiters.length) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves when nothing is queued or computing (used to drain at shutdown). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0 && this.options.queue.depth === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
    });
  }
}
