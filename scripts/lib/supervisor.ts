import type { Child, ChildExit } from "./child.js";
import { RestartBackoff, type BackoffPolicy } from "./restart-backoff.js";
import type { WatchdogLink } from "./watchdog-link.js";

/** How long each app gets to stop after SIGTERM before it is killed. */
const APP_GRACE_MS = 30_000;
/** Duplicate deliveries of one Ctrl-C (terminal + npm forwarding it) arrive within this window. */
const SAME_SIGNAL_WINDOW_MS = 1_000;

const describe = (e: ChildExit): string =>
  e.error ? e.error.message : e.signal ? `signal ${e.signal}` : `code ${e.code}`;

/** A process the supervisor starts, and starts again when it dies. */
export interface ProcessSpec {
  name: string;
  /**
   * Shutdown order: lower stages stop first (stage 0 — web and worker together — then stage 1,
   * the GPU runner the worker may still call while draining); `redis` stops after every app.
   */
  stage: number;
  role: "app" | "redis";
  /** Starts it; `ready` (when given) resolves once it serves (Redis answers PING). */
  start(): Promise<{ child: Child; ready?: Promise<void> }>;
}

interface Managed {
  spec: ProcessSpec;
  child: Child;
  startedAt: number;
  backoff: RestartBackoff;
  /** A pending or running restart; shutdown waits for it so nothing starts behind its back. */
  restarting: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

export interface SupervisorOptions {
  watchdog?: WatchdogLink;
  backoff?: BackoffPolicy;
  /** Runs once every process has stopped, before the exit (the lock file, the watchdog). */
  beforeExit?: () => Promise<void> | void;
}

/**
 * Owns the platform's processes. Until the platform is ready, a process that dies stops it
 * (a start-up failure is a configuration problem, not a crash to retry). After that, one that
 * dies is started again with capped exponential backoff while the others keep running. On
 * SIGINT/SIGTERM/SIGHUP everything stops in stages, Redis last so it writes its AOF after
 * everyone is done with it.
 */
export class Supervisor {
  private readonly managed: Managed[] = [];
  private stopping = false;
  private ready = false;
  private firstSignalAt = 0;

  constructor(
    private readonly say: (msg: string) => void,
    private opts: SupervisorOptions = {},
  ) {
    // Safety net: whatever way this process ends, no child outlives it.
    process.on("exit", () => this.killAll());
  }

  /** Adds options known only once the launcher has read its environment (DATA_DIR's lock, the watchdog). */
  configure(opts: SupervisorOptions): void {
    this.opts = { ...this.opts, ...opts };
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** From now on a process that dies is restarted instead of stopping the platform. */
  markReady(): void {
    this.ready = true;
  }

  /** Starts a process and supervises it; resolves with it once it is ready. */
  async add(spec: ProcessSpec): Promise<Child> {
    const { child, ready } = await spec.start();
    const m: Managed = { spec, child, startedAt: Date.now(), backoff: new RestartBackoff(this.opts.backoff), restarting: null, timer: null };
    this.managed.push(m);
    this.opts.watchdog?.track(spec.name, child.pid, spec.role);
    this.watch(m, child);
    await ready;
    return child;
  }

  /** SIGINT/SIGTERM/SIGHUP: a graceful stop; a second, later signal kills everything now. */
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
    for (const m of this.managed) if (m.timer) clearTimeout(m.timer);
    // A restart under way finishes (its new process is then stopped below with the rest).
    await Promise.all(this.managed.map((m) => m.restarting));
    const apps = this.managed.filter((m) => m.spec.role === "app");
    const stages = [...new Set(apps.map((m) => m.spec.stage))].sort((a, b) => a - b);
    const stopAll = (list: Managed[]): Promise<unknown> =>
      Promise.all(
        list.map(async ({ spec, child }) => {
          const wasRunning = child.running();
          const e = await child.stop(APP_GRACE_MS);
          this.opts.watchdog?.untrack(child.pid);
          if (wasRunning) this.say(`${spec.name} stopped (${describe(e)})`);
        }),
      );
    for (const stage of stages) await stopAll(apps.filter((m) => m.spec.stage === stage));
    await stopAll(this.managed.filter((m) => m.spec.role === "redis"));
    try {
      await this.opts.beforeExit?.();
    } catch (err) {
      this.say(`clean-up failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.say(code === 0 ? "stopped" : `stopped (exit ${code})`);
    process.exit(code);
  }

  private watch(m: Managed, child: Child): void {
    void child.exited.then((e) => {
      if (this.stopping || m.child !== child) return;
      this.opts.watchdog?.untrack(child.pid);
      if (!this.ready) {
        this.say(`${m.spec.name} exited unexpectedly (${describe(e)}) while the platform was starting; stopping the platform`);
        void this.shutdown(1);
        return;
      }
      const delay = m.backoff.next(Date.now() - m.startedAt);
      this.say(`${m.spec.name} exited unexpectedly (${describe(e)}); restarting it in ${(delay / 1000).toFixed(1)} s`);
      m.restarting = new Promise<void>((resolve) => {
        m.timer = setTimeout(() => {
          m.timer = null;
          void this.restart(m).finally(resolve);
        }, delay);
      });
    });
  }

  private async restart(m: Managed): Promise<void> {
    if (this.stopping) return;
    let started: { child: Child; ready?: Promise<void> };
    try {
      started = await m.spec.start();
    } catch (err) {
      // Could not even start (e.g. its port or socket is still taken): try again, later.
      const delay = m.backoff.next(0);
      this.say(`cannot restart ${m.spec.name}: ${err instanceof Error ? err.message : String(err)}; trying again in ${(delay / 1000).toFixed(1)} s`);
      m.timer = setTimeout(() => {
        m.timer = null;
        m.restarting = this.restart(m);
      }, delay);
      return;
    }
    const { child, ready } = started;
    m.child = child;
    m.startedAt = Date.now();
    this.opts.watchdog?.track(m.spec.name, child.pid, m.spec.role);
    this.say(`restarted ${m.spec.name} (pid ${child.pid})`);
    this.watch(m, child);
    if (ready) {
      try {
        await ready;
        this.say(`${m.spec.name} is ready again`);
      } catch (err) {
        // It exited (its watcher restarts it) or never answered: stop it, and the watcher restarts it.
        this.say(`${m.spec.name} did not become ready: ${err instanceof Error ? err.message : String(err)}`);
        if (child.running()) await child.stop(5_000);
      }
    }
  }

  private killAll(): void {
    for (const { child } of this.managed) child.killNow();
  }
}
