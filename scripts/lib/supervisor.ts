import type { Child, ChildExit } from "./child.js";

/** How long each app gets to stop after SIGTERM before it is killed. */
const APP_GRACE_MS = 30_000;
/** Duplicate deliveries of one Ctrl-C (terminal + npm forwarding it) arrive within this window. */
const SAME_SIGNAL_WINDOW_MS = 1_000;

const describe = (e: ChildExit): string =>
  e.error ? e.error.message : e.signal ? `signal ${e.signal}` : `code ${e.code}`;

/**
 * Owns the platform's processes and their shutdown: apps stop in stages (stage 0 first —
 * web and worker together — then stage 1, the GPU runner the worker may still call while
 * draining), Redis last so it writes its AOF after everyone is done with it.
 */
export class Supervisor {
  private readonly apps: { child: Child; stage: number }[] = [];
  private redis: Child | null = null;
  private stopping = false;
  private firstSignalAt = 0;

  constructor(private readonly say: (msg: string) => void) {
    // Safety net: whatever way this process ends, no child outlives it.
    process.on("exit", () => this.killAll());
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  addApp(child: Child, stage: number): void {
    this.apps.push({ child, stage });
    this.watch(child);
  }

  setRedis(child: Child): void {
    this.redis = child;
    this.watch(child);
  }

  /** SIGINT/SIGTERM: a graceful stop; a second, later signal kills everything now. */
  onSignal(signal: NodeJS.Signals): void {
    if (!this.stopping) {
      this.firstSignalAt = Date.now();
      this.say(`${signal}: stopping (send it again to kill at once)`);
      void this.shutdown(0);
    } else if (Date.now() - this.firstSignalAt > SAME_SIGNAL_WINDOW_MS) {
      this.say(`${signal} again: killing every process now`);
      this.killAll();
      process.exit(1);
    }
  }

  /** Stops everything in order, then exits with `code`. Safe to call more than once. */
  async shutdown(code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const stages = [...new Set(this.apps.map((a) => a.stage))].sort((a, b) => a - b);
    for (const stage of stages) {
      await Promise.all(
        this.apps.filter((a) => a.stage === stage).map(async ({ child }) => {
          const wasRunning = child.running();
          const e = await child.stop(APP_GRACE_MS);
          if (wasRunning) this.say(`${child.name} stopped (${describe(e)})`);
        }),
      );
    }
    if (this.redis) {
      const wasRunning = this.redis.running();
      const e = await this.redis.stop(APP_GRACE_MS);
      if (wasRunning) this.say(`redis-server stopped (${describe(e)})`);
    }
    this.say(code === 0 ? "stopped" : `stopped (exit ${code})`);
    process.exit(code);
  }

  private watch(child: Child): void {
    void child.exited.then((e) => {
      if (this.stopping) return;
      this.say(`${child.name} exited unexpectedly (${describe(e)}); stopping the platform`);
      void this.shutdown(1);
    });
  }

  private killAll(): void {
    for (const { child } of this.apps) child.killNow();
    this.redis?.killNow();
  }
}
