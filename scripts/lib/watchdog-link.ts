import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { WatchdogArgs, WatchdogMessage } from "./watchdog-protocol.js";

type Tracked = Extract<WatchdogMessage, { kind: "track" }>;

/**
 * The launcher's end of its watchdog (launcher-watchdog.ts): starts it in a session of its own,
 * tells it every process the launcher starts or loses, and releases it after a clean stop.
 * A watchdog that dies is started again and told everything still running.
 */
export class WatchdogLink {
  private proc: ChildProcess;
  private readonly tracked = new Map<number, Tracked>();
  private released = false;

  constructor(
    private readonly opts: { root: string; tsx: string; args: WatchdogArgs; say: (msg: string) => void; onStart?: (pid: number) => void },
  ) {
    this.proc = this.spawn();
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  track(name: string, pid: number | undefined, role: "app" | "redis"): void {
    if (pid === undefined) return;
    const m: Tracked = { kind: "track", name, pid, role };
    this.tracked.set(pid, m);
    this.send(m);
  }

  untrack(pid: number | undefined): void {
    if (pid === undefined || !this.tracked.delete(pid)) return;
    this.send({ kind: "untrack", pid });
  }

  /** After a clean stop: the watchdog exits without touching anything. */
  async release(): Promise<void> {
    this.released = true;
    const proc = this.proc;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    this.send({ kind: "release" });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000).unref())]);
  }

  private spawn(): ChildProcess {
    const file = join(this.opts.root, "scripts/lib/launcher-watchdog.ts");
    const proc = spawn(process.execPath, ["--import", this.opts.tsx, file, JSON.stringify(this.opts.args)], {
      cwd: this.opts.root,
      stdio: ["ignore", "ignore", "ignore", "ipc"],
      detached: true, // its own session: a terminal's SIGHUP or Ctrl-C does not reach it
    });
    proc.channel?.unref(); // it never keeps the launcher alive
    proc.on("error", () => undefined); // a send to a watchdog that just died; handled on 'exit'
    proc.once("exit", (code, signal) => {
      if (this.released || this.proc !== proc) return;
      this.opts.say(`the launcher's watchdog exited (${signal ?? `code ${code}`}); starting it again`);
      this.proc = this.spawn();
      for (const m of this.tracked.values()) this.send(m);
    });
    if (proc.pid !== undefined) this.opts.onStart?.(proc.pid);
    return proc;
  }

  private send(m: WatchdogMessage): void {
    if (this.proc.connected) this.proc.send(m, (err) => void err); // a lost message is resent by a new watchdog
  }
}
