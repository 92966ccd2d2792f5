/**
 * The child side of the launcher's lifeline (scripts/start.ts starts every Node app with an IPC
 * channel). When the channel closes, the launcher is gone — stopped cleanly, SIGKILLed, or its
 * terminal closed — and the app must not outlive it: `onLost` starts the app's graceful stop.
 * Returns false (and does nothing) when the process was not started with a channel.
 */
export function watchLauncher(onLost: () => void): boolean {
  if (typeof process.send !== "function" || !process.connected) return false;
  process.once("disconnect", () => {
    // Our stdout and stderr are pipes into the launcher: writing to them now fails with EPIPE,
    // which must not crash the graceful stop (pino already drops such writes by itself).
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
    onLost();
  });
  // The channel must not keep the process alive on its own (the 'disconnect' listener refs it).
  process.channel?.unref();
  return true;
}
