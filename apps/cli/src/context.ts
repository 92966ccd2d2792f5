import type { Command } from "commander";
import { ApiClient } from "./api-client.js";
import { resolveConfig, type ConnectionConfig } from "./config.js";
import { interruptSignal } from "./interrupt.js";
import { Output } from "./output.js";
import { ansiAllowed } from "./style.js";

/** The options every command accepts (defined on the root command). */
export interface GlobalOptions {
  url?: string;
  token?: string;
  config?: string;
  json?: boolean;
  /** false with --no-color. */
  color?: boolean;
}

/** What a command's action works with. */
export interface CommandContext {
  api: ApiClient;
  out: Output;
  json: boolean;
  conn: ConnectionConfig;
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/** An Output for this invocation (also used to report errors before a context exists). */
export function outputFor(globals: GlobalOptions): Output {
  const color = globals.color !== false;
  return new Output(globals.json === true, ansiAllowed(process.stdout, color), ansiAllowed(process.stderr, color));
}

export function contextFor(cmd: Command): CommandContext {
  const globals = globalOptions(cmd);
  const conn = resolveConfig({ url: globals.url, token: globals.token, config: globals.config });
  const signal = interruptSignal();
  return {
    api: new ApiClient(conn.url, conn.token, signal),
    out: outputFor(globals),
    json: globals.json === true,
    conn,
    signal,
  };
}

/**
 * Wrap an action: build the context from the command, hand over its options and arguments,
 * and keep the exit code it returns. Errors go to main's handler.
 */
export function action<O extends object = Record<string, never>, A extends unknown[] = []>(
  run: (ctx: CommandContext, opts: O, ...args: A) => Promise<number | void>,
): (...all: unknown[]) => Promise<void> {
  return async (...all) => {
    const cmd = all[all.length - 1] as Command;
    const args = all.slice(0, -2) as A;
    const code = await run(contextFor(cmd), cmd.opts<O>(), ...args);
    if (typeof code === "number" && code !== 0) process.exitCode = code;
  };
}
