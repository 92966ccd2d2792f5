import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root and the CLI's entry point. */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const CLI_MAIN = join(REPO_ROOT, "apps/cli/src/main.ts");
export const CLI_BIN = join(REPO_ROOT, "apps/cli/bin/switchyard.mjs");

/** An empty config home, so a developer's own ~/.config/switchyard never leaks into a test. */
const emptyConfigHome = mkdtempSync(join(tmpdir(), "sy-cli-config-"));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  env?: Record<string, string | undefined>;
  input?: string;
  /** Kill after this long (a hung CLI fails the test instead of the run). */
  killAfterMs?: number;
}

/** The environment of a CLI child: no colour, no inherited SWITCHYARD_*, an empty config home. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: emptyConfigHome, NO_COLOR: "1" };
  for (const k of ["SWITCHYARD_URL", "SWITCHYARD_TOKEN", "SWITCHYARD_CONFIG", "FORCE_COLOR"]) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Start the real CLI (`node --import tsx apps/cli/src/main.ts ...`) as a child process. */
export function spawnCli(args: readonly string[], options: CliRun = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", CLI_MAIN, ...args], {
    cwd: REPO_ROOT,
    env: cliEnv(options.env),
    stdio: "pipe",
  });
}

/** Collect a child's output and exit. */
export function finished(child: ChildProcessWithoutNullStreams, options: CliRun = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 90_000);
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

export function runCli(args: readonly string[], options: CliRun = {}): Promise<CliResult> {
  return finished(spawnCli(args, options), options);
}

/** Resolves once the stream has printed text matching the pattern (e.g. "waiting"). */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  let seen = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      stream.off("data", onData);
      reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; got: ${seen}`));
    }, timeoutMs);
    const onData = (d: Buffer | string): void => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        stream.off("data", onData);
        resolvePromise(seen);
      }
    };
    stream.on("data", onData);
  });
}

/** The last non-empty stdout line, parsed as JSON. */
export function lastJsonLine<T = unknown>(stdout: string): T {
  const lines = stdout.split("\n").filter((l) => l.trim() !== "");
  const last = lines[lines.length - 1];
  if (last === undefined) throw new Error("no output on stdout");
  return JSON.parse(last) as T;
}
