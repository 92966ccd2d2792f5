import type { SessionHost } from "../engine/session-host.js";

/**
 * Wraps a session host so runs wait at a gate until the test opens it: lets tests fill the
 * queue deterministically (no timing), then release.
 */
export function gatedHost(inner: SessionHost): SessionHost & { open(): void; close(): Promise<void>; readonly runs: number } {
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => (release = r));
  let runs = 0;
  return {
    mode: inner.mode,
    parallelism: inner.parallelism,
    load: (...a) => inner.load(...a),
    async run(modelId, feeds, outputs) {
      runs++;
      await gate;
      return inner.run(modelId, feeds, outputs);
    },
    unload: (m) => inner.unload(m),
    open() {
      release();
      gate = Promise.resolve();
    },
    async close() {
      release();
      await inner.close();
    },
    get runs() {
      return runs;
    },
  };
}
