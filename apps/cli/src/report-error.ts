import { CommanderError } from "commander";
import { CliError, EXIT } from "./exit-codes.js";
import type { Output } from "./output.js";

/** Print an error on stderr and choose the exit code. */
export function reportError(out: Output, err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander printed its own message (and help) already; 0 for --help and --version.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const s = out.errStyle;
  if (err instanceof CliError) {
    if (err.exitCode === EXIT.interrupted) {
      out.note(err.message === "interrupted" ? "interrupted" : err.message);
      return EXIT.interrupted;
    }
    out.note(`${s.red("error:")} ${err.message}`);
    for (const line of err.details) out.note(`  ${line}`);
    return err.exitCode;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  out.note(`${s.red("error:")} unexpected: ${message}`);
  return EXIT.failure;
}
