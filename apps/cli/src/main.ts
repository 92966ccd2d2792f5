import { buildProgram } from "./program.js";
import { outputFor, type GlobalOptions } from "./context.js";
import { reportError } from "./report-error.js";

/** Run the CLI on argv; resolves with the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    return reportError(outputFor(program.opts<GlobalOptions>()), err);
  }
}

// A reader that went away (`switchyard tail --json | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await runCli(process.argv);
process.exitCode = code;
// Everything is closed by now; if a stray handle lingers, don't hang the shell.
setTimeout(() => process.exit(code), 1_000).unref();
