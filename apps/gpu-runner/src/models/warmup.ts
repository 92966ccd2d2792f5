import type { SessionHost } from "../engine/session-host.js";
import type { RunnerLogger } from "../logger.js";
import { allocData, elementCount, type HostTensor } from "../onnx/tensor-types.js";
import type { LoadedModel } from "./registry.js";
import { isSupportedType } from "./tensor-model.js";

/**
 * One batch per model at start, so the first request does not pay for allocator growth and
 * kernel selection. Embedding models run a few sentences; tensor models one zero row when
 * every non-batch dimension is fixed. Failures are logged, not fatal.
 */
export async function warmModels(models: readonly LoadedModel[], host: SessionHost, maxBatch: number, logger: RunnerLogger): Promise<void> {
  for (const m of models) {
    try {
      const started = performance.now();
      if (m.kind === "embedding") {
        const texts = Array.from({ length: Math.min(8, maxBatch) }, (_, i) => `Warm-up sentence number ${i} for the runner.`);
        const rows = texts.map((t) => m.tokenizer.encode(t).ids);
        // Every replica gets one run.
        await Promise.all(Array.from({ length: host.parallelism }, async () => m.readVectors((await host.run(m.id, m.buildFeeds(rows), [m.outputName])).outputs, rows)));
      } else if (m.session.inputs.every((i) => i.dims.slice(1).every((d) => typeof d === "number" && d > 0) && isSupportedType(i.type))) {
        const feeds: Record<string, HostTensor> = {};
        for (const i of m.session.inputs) {
          const dims = [1, ...i.dims.slice(1).map((d) => Number(d))];
          if (isSupportedType(i.type)) feeds[i.name] = { type: i.type, dims, data: allocData(i.type, elementCount(dims)) };
        }
        await host.run(m.id, feeds);
      }
      logger.info("model warmed", { model: m.id, ms: Math.round(performance.now() - started) });
    } catch (err) {
      logger.warn("warm-up failed", { model: m.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
