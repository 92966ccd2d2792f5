import type { RunnerConfig } from "../config.js";
import { ResourceManager, nvidiaSmiReader } from "../engine/resource-manager.js";
import type { RunnerLogger } from "../logger.js";
import type { ProviderStatus } from "../models/registry.js";
import type { RunnerDeps } from "../runner-api.js";

/**
 * Start watching memory: process RSS always, GPU memory (nvidia-smi) only when the models run
 * on CUDA. Pressure changes are logged.
 */
export function startResourceMonitor(
  config: RunnerConfig,
  provider: ProviderStatus,
  deps: Pick<RunnerDeps, "readRss" | "readGpu">,
  logger: RunnerLogger,
): ResourceManager {
  const resources = new ResourceManager({
    softLimitMb: config.memory.softLimitMb,
    criticalLimitMb: config.memory.criticalLimitMb,
    gpuSoftLimitMb: config.memory.gpuSoftLimitMb,
    gpuCriticalLimitMb: config.memory.gpuCriticalLimitMb,
    checkIntervalMs: config.memory.checkIntervalMs,
    ...(deps.readRss ? { readRss: deps.readRss } : {}),
    onChange: (from, to, snap) => {
      const log = to === "ok" ? logger.info : logger.warn;
      log("memory pressure changed", { from, to, rssMb: snap.rssMb, gpu: snap.gpu });
    },
  });
  if (provider.active === "cuda") {
    resources.setGpuReader(deps.readGpu ?? nvidiaSmiReader(config.cudaDeviceId), "");
  } else {
    resources.setGpuReader(undefined, "not on a GPU (CPU execution provider); ONNX Runtime's Node API does not report device memory");
  }
  resources.start();
  return resources;
}
