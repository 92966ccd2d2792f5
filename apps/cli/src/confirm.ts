import { createInterface } from "node:readline/promises";
import { CliError, EXIT, InterruptedError } from "./exit-codes.js";

/**
 * Ask on the terminal; true only when the answer is exactly `expected`. Refuses (usage error)
 * when stdin is not a terminal: a script must say --yes.
 */
export async function confirmByTyping(
  question: string,
  expected: string,
  signal: AbortSignal,
  /** Line editing (ANSI cursor codes); off under NO_COLOR / --no-color, the terminal echoes plainly. */
  ansi: boolean,
): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new CliError("refusing without --yes: stdin is not a terminal, so there is no one to confirm", EXIT.usage);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: ansi });
  const interrupted = new AbortController();
  rl.on("SIGINT", () => interrupted.abort());
  const onAbort = (): void => interrupted.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const answer = await rl.question(`${question} `, { signal: interrupted.signal });
    return answer.trim() === expected;
  } catch (err) {
    if (interrupted.signal.aborted) throw new InterruptedError();
    throw err;
  } finally {
    signal.removeEventListener("abort", onAbort);
    rl.close();
  }
}
