/**
 * A dependency's breaker is open: the call was refused without reaching it. `retryAt` (epoch
 * ms) is when the breaker half-opens; the worker runtime delays the task until then without
 * spending an attempt (task-errors.ts `dependencyRetryAt` recognises this error by its name).
 */
export class DependencyUnavailableError extends Error {
  readonly dependency: string;
  readonly retryAt: number;
  constructor(dependency: string, retryAt: number) {
    super(`${dependency} is unavailable (circuit breaker open) until ${new Date(retryAt).toISOString()}`);
    this.name = "DependencyUnavailableError";
    this.dependency = dependency;
    this.retryAt = retryAt;
  }
}
