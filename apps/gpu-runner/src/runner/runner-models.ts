import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { RunnerConfig } from "../config.js";
import { createSessionHost, type SessionHost } from "../engine/session-host.js";
import type { SessionTuning } from "../engine/session-protocol.js";
import { RunnerError } from "../errors.js";
import { USE_LITE_ID, exportUseLite } from "../export/export-use-lite.js";
import type { RunnerLogger } from "../logger.js";
import { discoverModelDirs, loadModels, type ModelLoadFailure, type ModelRegistry, type ProviderStatus } from "../models/registry.js";

/** The runner's loaded models and the session host they run on. */
export interface RunnerModels {
  host: SessionHost;
  registry: ModelRegistry;
  provider: ProviderStatus;
  failures: ModelLoadFailure[];
  /** Threads per session as configured (0 = ONNX Runtime's default). */
  intraOpThreads: number;
}

/**
 * Export USE-lite when missing, start the session host and load every model folder into it.
 * Throws (with the host closed) when no model could be loaded.
 */
export async function loadRunnerModels(config: RunnerConfig, injectedHost: SessionHost | undefined, logger: RunnerLogger): Promise<RunnerModels> {
  // Export USE-lite first when it is missing (so `npm start` works on a fresh clone).
  const useLiteDir = join(config.modelsDir, USE_LITE_ID);
  if (config.autoExport && !existsSync(join(useLiteDir, "manifest.json"))) {
    logger.info("exporting USE-lite to ONNX (first start)", { dir: useLiteDir });
    const r = await exportUseLite({ outDir: useLiteDir });
    logger.info("USE-lite exported", { dir: r.dir, bytes: r.modelBytes, ms: Math.round(r.elapsedMs), skipped: r.skipped });
  }
  const dirs = await discoverModelDirs(config.modelsDir, config.extraModelDirs);
  if (dirs.length === 0) {
    throw new RunnerError(
      "MODEL_LOAD_FAILED",
      `no model folders in ${config.modelsDir}; run \`npm run export-model -w @switchyard/gpu-runner\` (or set GPU_RUNNER_AUTO_EXPORT=true)`,
    );
  }

  // CPU: one single-threaded session replica per core by default; CUDA: one session.
  const replicas =
    config.sessionHost === "inline" ? 1 : config.sessionReplicas > 0 ? config.sessionReplicas : config.executionProvider === "cuda" ? 1 : availableParallelism();
  const host = injectedHost ?? createSessionHost(config.sessionHost, replicas);
  const intraOpThreads = config.intraOpThreads > 0 ? config.intraOpThreads : host.parallelism > 1 ? 1 : 0;
  const tuning: SessionTuning = { intraOpThreads, allowSpinning: config.allowSpinning, cudaDeviceId: config.cudaDeviceId };
  let loaded: Awaited<ReturnType<typeof loadModels>>;
  try {
    loaded = await loadModels({ dirs, host, provider: config.executionProvider, tuning, logger });
  } catch (err) {
    await host.close().catch(() => {});
    throw err;
  }
  const { registry, provider, failures } = loaded;
  if (registry.list().length === 0) {
    await host.close().catch(() => {});
    throw new RunnerError("MODEL_LOAD_FAILED", `no model could be loaded: ${failures.map((f) => `${f.dir}: ${f.error}`).join("; ")}`);
  }
  if (!registry.get(config.defaultModel)) {
    logger.warn("default model is not loaded; requests must name a model", { defaultModel: config.defaultModel, loaded: registry.list().map((m) => m.id) });
  }
  if (provider.fallbackReason) {
    logger.warn("execution provider fallback: running on CPU", { requested: provider.requested, active: provider.active, reason: provider.fallbackReason });
  } else {
    logger.info("execution provider", { requested: provider.requested, active: provider.active });
  }
  return { host, registry, provider, failures, intraOpThreads };
}
