import type { PoolName } from "@switchyard/shared";

/**
 * One running task's abort handle. The AbortController is created only when the handler (or a
 * dependency call) asks for the signal: most short tasks never do, and creating one per task
 * was a measurable share of the worker's CPU in the queue benchmark.
 */
export class ActiveTask {
  private controller: AbortController | null = null;
  private onAbort: ((reason: unknown) => void) | null = null;
  reason: unknown = undefined;
  aborted = false;

  constructor(
    readonly pool: PoolName,
    readonly deadline: number,
    readonly timeoutMs: number,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /**
   * Settles with the handler's promise or with an abort (timeout, cancel, shutdown), whichever
   * comes first, so a handler that ignores its signal still stops counting.
   */
  settle(handler: Promise<unknown>): Promise<unknown> {
    if (this.aborted) return Promise.reject(this.reason);
    return new Promise((resolve, reject) => {
      this.onAbort = reject;
      handler.then(resolve, reject);
    });
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    this.onAbort?.(reason);
  }
}
