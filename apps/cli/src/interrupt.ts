import { InterruptedError } from "./exit-codes.js";

const controller = new AbortController();
let installed = false;

/**
 * Ctrl-C: the first one aborts this signal, so the running command stops what it is doing,
 * cleans up (progress bar, socket) and exits 130; a second one exits 130 at once.
 * Nothing is cancelled on the server.
 */
export function interruptSignal(): AbortSignal {
  if (!installed) {
    installed = true;
    process.on("SIGINT", () => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort(new InterruptedError());
      // If the command doesn't wind down promptly, don't leave the user waiting.
      setTimeout(() => process.exit(130), 3_000).unref();
    });
  }
  return controller.signal;
}

/** Throws InterruptedError when the signal has fired. */
export function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}

/** Resolves after ms, or rejects with InterruptedError when the signal fires first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new InterruptedError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
