import { DEPENDENCY_NAMES, type DependencyGuard, type DependencyName } from "../handler.js";
import { parseBreakerConfig, type BreakerConfig, type BreakerConfigInput } from "./breaker-config.js";
import type { BreakerSnapshot } from "./breaker-snapshot.js";
import { DependencyBreaker } from "./dependency-breaker.js";

export interface BreakerRegistry extends DependencyGuard {
  /**
   * Run `fn` through the named dependency's breaker. While it is open this throws
   * DependencyUnavailableError (with `retryAt`) without calling `fn`. `fn` gets the
   * caller's signal; errors after that signal aborted don't count as failures.
   */
  execute<T>(name: DependencyName, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Every breaker, in DEPENDENCY_NAMES order. */
  snapshot(): BreakerSnapshot[];
  /** Called with the breaker's snapshot whenever one changes state; returns an unsubscribe function. */
  onChange(listener: (snapshot: BreakerSnapshot) => void): () => void;
  /** Stop timers and drop listeners (calls still work, unobserved). */
  dispose(): void;
  readonly config: BreakerConfig;
}

/** One circuit breaker per external dependency (openai, chroma, browser, gpu-runner). */
export function createBreakerRegistry(config?: BreakerConfigInput): BreakerRegistry {
  const settings = parseBreakerConfig(config);
  const breakers = new Map<DependencyName, DependencyBreaker>(
    DEPENDENCY_NAMES.map((name) => [name, new DependencyBreaker(name, settings[name])]),
  );
  const get = (name: DependencyName): DependencyBreaker => {
    const breaker = breakers.get(name);
    if (!breaker) throw new Error(`unknown dependency "${String(name)}" (known: ${DEPENDENCY_NAMES.join(", ")})`);
    return breaker;
  };
  return {
    config: settings,
    execute: (name, fn, signal) => get(name).execute(fn, signal),
    snapshot: () => [...breakers.values()].map((b) => b.snapshot()),
    onChange(listener) {
      const offs = [...breakers.values()].map((b) => b.onChange(listener));
      return () => {
        for (const off of offs) off();
      };
    },
    dispose() {
      for (const b of breakers.values()) b.dispose();
    },
  };
}
