import type { RunnerConfig } from "../config.js";
import { ShuttingDownError } from "../errors.js";
import type { RunnerLogger } from "../logger.js";
import type { Engine } from "./engine.js";

/** Whether the runner takes new work, and whether it has finished closing. */
export interface RunnerState {
  readonly accepting: boolean;
  readonly closed: boolean;
}

export interface Lifecycle {
  readonly state: RunnerState;
  /** Stop accepting work, finish what is queued and computing (up to the grace period), release. */
  close(): Promise<void>;
}

/**
 * Shutdown: refuse new work, let the batcher drain the queue for up to `shutdownGraceMs`, then
 * refuse what is still queued, wait for the batches computing, and `release` the resources.
 */
export function createLifecycle(args: { config: RunnerConfig; engine: Engine; logger: RunnerLogger; release: () => Promise<void> }): Lifecycle {
  const { config, engine, logger, release } = args;
  const { queue, batcher } = engine;
  const state = { accepting: true, closed: false };

  const close = async (): Promise<void> => {
    if (state.closed) return;
    state.accepting = false;
    const pending = queue.depth;
    logger.info("draining", { queued: pending, inFlight: batcher.batchesInFlight });
    const grace = new Promise<"timeout">((resolve) => {
      const t = setTimeout(() => resolve("timeout"), config.shutdownGraceMs);
      t.unref();
    });
    const outcome = await Promise.race([batcher.whenIdle().then(() => "idle" as const), grace]);
    if (outcome === "timeout") {
      batcher.pause();
      const left = queue.drainAll();
      for (const e of left) e.item.req.fail(new ShuttingDownError());
      logger.warn("shutdown grace period over; queued work refused", { refused: left.length });
      await batcher.whenIdle();
    }
    state.closed = true;
    await release();
    logger.info("runner closed");
  };

  return { state, close };
}
