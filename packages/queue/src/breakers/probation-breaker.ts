import { CircuitState, type IBreaker } from "cockatiel";

/** Where a breaker stands, as far as the 2-success rule is concerned. */
export type ProbationMode = "closed" | "open" | "half-open" | "probation";

/**
 * cockatiel's IBreaker with the seed's closing rule on top. cockatiel (4.0.0) lets one probe
 * through when half-open and closes on its first success; this breaker then keeps the
 * circuit on probation: reported half-open, and the first failure re-opens it (failure()
 * answers true in cockatiel's Closed state), until `successThreshold` successes in a row.
 *
 * cockatiel calls success(HalfOpen) only from its close() and failure(HalfOpen) only when a
 * probe failed (it re-opens whatever we answer). Calls in its Closed state report
 * success(Closed)/failure(Closed); those arriving while we know the circuit is open or
 * half-open were started before it opened and are ignored.
 */
export class ProbationBreaker implements IBreaker {
  mode: ProbationMode = "closed";
  consecutiveFailures = 0;
  probationSuccesses = 0;
  /**
   * Set by the registry when the half-open probe ended because its caller aborted:
   * cockatiel counts that as a success, we count it as nothing.
   */
  neutralProbe = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly successThreshold: number,
  ) {}

  /** cockatiel serialises this with toJSON(); we never restore from it. */
  get state(): unknown {
    return { mode: this.mode, consecutiveFailures: this.consecutiveFailures, probationSuccesses: this.probationSuccesses };
  }
  set state(_value: unknown) {
    // Not restored: a worker starts with closed breakers.
  }

  /** cockatiel's onStateChange(Open). */
  opened(): void {
    this.mode = "open";
    this.probationSuccesses = 0;
  }

  /** cockatiel's onStateChange(HalfOpen): the next outcome is the probe's. */
  halfOpened(): void {
    this.mode = "half-open";
    this.neutralProbe = false;
  }

  success(state: CircuitState): void {
    if (state === CircuitState.HalfOpen) {
      const counted = this.neutralProbe ? 0 : 1;
      this.neutralProbe = false;
      if (counted > 0) this.consecutiveFailures = 0;
      this.probationSuccesses = counted;
      this.mode = counted >= this.successThreshold ? "closed" : "probation";
      return;
    }
    if (this.mode === "open" || this.mode === "half-open") return;
    this.consecutiveFailures = 0;
    if (this.mode === "probation" && ++this.probationSuccesses >= this.successThreshold) {
      this.mode = "closed";
      this.probationSuccesses = 0;
    }
  }

  failure(state: CircuitState): boolean {
    if (state === CircuitState.HalfOpen) {
      this.consecutiveFailures++;
      this.mode = "open";
      return true;
    }
    if (this.mode === "open" || this.mode === "half-open") return false;
    this.consecutiveFailures++;
    if (this.mode === "probation" || this.consecutiveFailures >= this.failureThreshold) {
      this.mode = "open";
      return true;
    }
    return false;
  }
}
