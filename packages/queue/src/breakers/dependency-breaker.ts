import {
  circuitBreaker,
  CircuitState,
  handleWhen,
  isBrokenCircuitError,
  isIsolatedCircuitError,
  isTaskCancelledError,
  type CircuitBreakerPolicy,
  type IDisposable,
} from "cockatiel";
import type { BreakerSettings } from "./breaker-config.js";
import type { BreakerSnapshot, BreakerState } from "./breaker-snapshot.js";
import { DependencyUnavailableError } from "./dependency-unavailable-error.js";
import { ProbationBreaker } from "./probation-breaker.js";

/** Carries an error that happened after the caller's own signal aborted past cockatiel, uncounted. */
class CallerAborted extends Error {
  constructor(readonly original: unknown) {
    super("aborted by the caller");
  }
}

const NEVER_ABORTED = new AbortController().signal;

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
  return text.slice(0, 500);
}

/** Reject with the caller's abort reason as soon as it aborts, even if `work` ignores the signal. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/**
 * One dependency's circuit breaker: a cockatiel policy with a ProbationBreaker (the
 * 2-success rule), plus what a snapshot reports.
 *
 * What counts as a failure: anything `fn` throws, unless the caller's own signal had
 * aborted by then: a cancelled, timed-out or shut-down task is not the dependency's fault,
 * so such errors are re-thrown untouched and count neither way (also when the half-open
 * probe is the call that was aborted). A handler that wants slow answers to count should
 * give the request its own timeout (AbortSignal.timeout), which is not the caller's signal.
 *
 * Half-open: cockatiel lets exactly one probe through; calls arriving meanwhile wait for
 * its outcome (or for their caller's abort) and then run (closed/probation) or are
 * refused (re-opened). On probation (after the first probe success) calls run freely and
 * the first failure re-opens.
 */
export class DependencyBreaker {
  private readonly breaker: ProbationBreaker;
  private readonly policy: CircuitBreakerPolicy;
  private readonly subscriptions: IDisposable[];
  private readonly listeners = new Set<(snapshot: BreakerSnapshot) => void>();
  private openedAt: number | null = null;
  private lastError: string | null = null;
  private successes = 0;
  private failures = 0;
  private rejections = 0;
  private reported: BreakerState = "closed";
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    readonly settings: BreakerSettings,
  ) {
    this.breaker = new ProbationBreaker(settings.failureThreshold, settings.successThreshold);
    this.policy = circuitBreaker(
      handleWhen((err) => !(err instanceof CallerAborted)),
      { breaker: this.breaker, halfOpenAfter: settings.halfOpenAfterMs },
    );
    this.subscriptions = [this.policy.onStateChange((state) => this.onPolicyState(state))];
  }

  async execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const callSignal = signal ?? NEVER_ABORTED;
    let ran = false;
    const run = async (): Promise<T> => {
      ran = true;
      // Read before the first await: cockatiel enters HalfOpen synchronously before calling us.
      const probe = this.policy.state === CircuitState.HalfOpen;
      try {
        // A waiter released after its caller gave up must not reach the dependency.
        callSignal.throwIfAborted();
        const value = await fn(callSignal);
        this.successes++;
        return value;
      } catch (err) {
        if (callSignal.aborted) {
          if (probe) this.breaker.neutralProbe = true;
          throw new CallerAborted(err);
        }
        this.failures++;
        this.lastError = errorText(err);
        throw err;
      }
    };
    const pending = this.policy.execute(run, callSignal);
    // cockatiel updates its state after `run` settles; report a change once it has.
    pending.then(
      () => this.emitIfChanged(),
      () => this.emitIfChanged(),
    );
    try {
      return await raceAbort(pending, signal);
    } catch (err) {
      if (err instanceof CallerAborted) throw err.original;
      if (!ran && (isBrokenCircuitError(err) || isIsolatedCircuitError(err))) {
        this.rejections++;
        throw new DependencyUnavailableError(this.name, this.retryAt());
      }
      // cockatiel's own error for a waiter whose caller aborted while the probe ran.
      if (isTaskCancelledError(err) && callSignal.aborted) throw callSignal.reason;
      throw err;
    }
  }

  state(): BreakerState {
    switch (this.policy.state) {
      case CircuitState.Open:
      case CircuitState.Isolated:
        return Date.now() >= this.retryAt() ? "half-open" : "open";
      case CircuitState.HalfOpen:
        return "half-open";
      default:
        return this.breaker.mode === "probation" ? "half-open" : "closed";
    }
  }

  snapshot(): BreakerSnapshot {
    const state = this.state();
    const openedAt = state === "closed" ? null : this.openedAt;
    return {
      name: this.name,
      state,
      consecutiveFailures: this.breaker.consecutiveFailures,
      openedAt,
      halfOpenAt: openedAt === null ? null : openedAt + this.settings.halfOpenAfterMs,
      lastError: this.lastError,
      successes: this.successes,
      failures: this.failures,
      rejections: this.rejections,
    };
  }

  /** Called with a fresh snapshot whenever the reported state changes. */
  onChange(listener: (snapshot: BreakerSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
    for (const s of this.subscriptions) s.dispose();
  }

  /** When the current (or last) open window ends. */
  private retryAt(): number {
    return (this.openedAt ?? Date.now()) + this.settings.halfOpenAfterMs;
  }

  private onPolicyState(state: CircuitState): void {
    if (state === CircuitState.Open) {
      this.openedAt = Date.now();
      this.breaker.opened();
      // cockatiel half-opens lazily on the next call; tell listeners when the window ends.
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.emitIfChanged();
      }, this.settings.halfOpenAfterMs + 5);
      this.timer.unref();
    } else if (state === CircuitState.HalfOpen) {
      this.breaker.halfOpened();
    }
    this.emitIfChanged();
  }

  private emitIfChanged(): void {
    const state = this.state();
    if (state === this.reported) return;
    this.reported = state;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A listener's failure must not break the call that triggered it.
      }
    }
  }
}
