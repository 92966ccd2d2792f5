import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

export interface Child {
  name: string;
  pid: number | undefined;
  proc: ChildProcess;
  /** Resolves once the process has exited and its output is drained. */
  exited: Promise<ChildExit>;
  running(): boolean;
  /** SIGTERM, then SIGKILL to its whole process group after graceMs. */
  stop(graceMs: number): Promise<ChildExit>;
  /** SIGKILL to its whole process group, synchronously (usable in an exit handler). */
  killNow(): void;
}

export interface StartChildOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Where prefixed output lines go; stdout by default. */
  write?: (line: string) => void;
  /** Reformats each output line before it is prefixed (pino-pretty on a terminal). */
  format?: (line: string) => string;
  /**
   * An IPC channel to the child (Node apps): it closes when the launcher dies, however it dies,
   * and the app then stops itself (watchLauncher in @switchyard/observability).
   */
  ipc?: boolean;
}

/**
 * Spawns a child whose output lines are prefixed with its name. It gets a process group of
 * its own (detached), so a terminal's Ctrl-C reaches only the launcher, which then stops
 * the children in order (apps first, Redis last) instead of all at once.
 */
export function startChild(name: string, command: string, args: string[], opts: StartChildOptions): Child {
  const write = opts.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const proc = spawn(command, args, {
    env: opts.env as NodeJS.ProcessEnv, // complete on purpose: the caller builds it explicitly
    cwd: opts.cwd,
    stdio: opts.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    detached: true,
  });
  // The channel is only a lifeline: it must not keep the launcher running, and a send error is moot.
  proc.channel?.unref();
  if (opts.ipc) proc.on("error", () => undefined);
  const format = opts.format ?? ((l: string) => l);
  for (const stream of [proc.stdout, proc.stderr]) {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on("line", (l) => write(`[${name}] ${format(l)}`));
  }
  const exited = new Promise<ChildExit>((resolve) => {
    proc.once("error", (error) => {
      // Only a failed spawn settles here; an error after start is followed by 'exit'.
      if (proc.pid === undefined) resolve({ code: null, signal: null, error });
    });
    proc.once("exit", (code, signal) => {
      const done = (): void => resolve({ code, signal });
      // 'close' follows once the pipes are drained; a grandchild holding them must not block us.
      const t = setTimeout(done, 1_000);
      proc.once("close", () => {
        clearTimeout(t);
        done();
      });
    });
  });
  const running = (): boolean => proc.pid !== undefined && proc.exitCode === null && proc.signalCode === null;
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (proc.pid === undefined) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  return {
    name,
    pid: proc.pid,
    proc,
    exited,
    running,
    async stop(graceMs) {
      if (running()) {
        proc.kill("SIGTERM");
        const t = setTimeout(() => {
          write(`[switchyard] ${name} did not stop within ${Math.round(graceMs / 1000)} s; killing it`);
          signalGroup("SIGKILL");
        }, graceMs);
        const result = await exited;
        clearTimeout(t);
        signalGroup("SIGKILL"); // whatever it started and left behind
        return result;
      }
      return exited;
    },
    killNow() {
      if (running()) signalGroup("SIGKILL");
    },
  };
}
