import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { CliError, EXIT, InterruptedError } from "./exit-codes.js";

/**
 * Secrets (passwords) never come from argv, where `ps` and shell history would keep them:
 * either standard input (`--password-stdin`) or a prompt on the terminal that does not echo.
 */

/** All of standard input, without the one line ending a `echo`/here-string adds. */
export async function readSecretFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/**
 * Ask for a secret on the terminal without echoing it (twice, when `confirm`). Refuses (usage
 * error) when stdin is not a terminal: scripts pass `hint`'s option instead.
 */
export async function promptSecret(question: string, signal: AbortSignal, options: { confirm?: string; hint: string }): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CliError(`stdin is not a terminal, so there is no one to ask for the password: ${options.hint}`, EXIT.usage);
  }
  const first = await askHidden(question, signal);
  if (options.confirm === undefined) return first;
  const second = await askHidden(options.confirm, signal);
  if (first !== second) throw new CliError("the two passwords differ; nothing was changed", EXIT.usage);
  return first;
}

async function askHidden(question: string, signal: AbortSignal): Promise<string> {
  // readline echoes what is typed through its output stream: that stream drops everything
  // once the question is printed, so the terminal (in raw mode under readline) shows nothing.
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const interrupted = new AbortController();
  rl.on("SIGINT", () => interrupted.abort());
  const onAbort = (): void => interrupted.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const answer = rl.question(`${question} `, { signal: interrupted.signal });
    muted = true;
    return await answer;
  } catch (err) {
    if (interrupted.signal.aborted) throw new InterruptedError();
    throw err;
  } finally {
    signal.removeEventListener("abort", onAbort);
    rl.close();
    process.stderr.write("\n");
  }
}
