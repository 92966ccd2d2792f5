/**
 * One caller's request as the queue sees it: `count` parts (texts, or one tensor batch)
 * that complete independently and settle a single promise. The first failure (deadline,
 * cancel, shutdown, inference error) rejects it and drops the parts still queued.
 */
export class PendingRequest<R> {
  readonly promise: Promise<R[]>;
  private readonly results: R[];
  private done = 0;
  private settled = false;
  private resolveFn!: (v: R[]) => void;
  private rejectFn!: (e: Error) => void;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private progressScheduled = false;
  /** Called once when the request fails (to take its remaining parts off the queue). */
  onFail: (() => void) | null = null;

  constructor(
    readonly count: number,
    private readonly onProgress?: (progress: { done: number; total: number }) => void,
  ) {
    this.results = new Array<R>(count);
    this.promise = new Promise<R[]>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  get isSettled(): boolean {
    return this.settled;
  }

  get completed(): number {
    return this.done;
  }

  complete(index: number, value: R): void {
    if (this.settled) return;
    this.results[index] = value;
    this.done++;
    if (this.onProgress && !this.progressScheduled) {
      this.progressScheduled = true;
      queueMicrotask(() => this.reportProgress());
    }
    if (this.waiters.length) this.wake();
    if (this.done === this.count) {
      this.settled = true;
      this.resolveFn(this.results);
    }
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.onFail?.();
    this.rejectFn(err);
    this.wake(true);
  }

  /** Resolves once `count` parts are done (or the request settled). */
  waitFor(count: number): Promise<void> {
    if (this.settled || this.done >= count) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
  }

  private wake(all = false): void {
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (all || this.done >= w.count) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  private reportProgress(): void {
    this.progressScheduled = false;
    this.onProgress?.({ done: this.done, total: this.count });
  }
}
