import { resolveConfig, type RunnerConfig, type RunnerConfigInput } from "./config.js";
import { createAuthenticator } from "./auth.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { warmModels } from "./models/warmup.js";
import type { Runner, RunnerDeps } from "./runner-api.js";
import { createAdmission } from "./runner/admission.js";
import { createEmbedder } from "./runner/embed-request.js";
import { createEngine } from "./runner/engine.js";
import { createHealthReport } from "./runner/health-report.js";
import { createInfer } from "./runner/infer-request.js";
import { createLifecycle } from "./runner/lifecycle.js";
import { startResourceMonitor } from "./runner/resource-monitor.js";
import { publishModelGauges, startGaugeTicker } from "./runner/runner-gauges.js";
import { loadRunnerModels } from "./runner/runner-models.js";
import { createSubmitter } from "./runner/submit-work.js";

export type { CancelSignal, EmbedOptions, EmbedResult, EmbedVectorsResult, HealthReport, InferOptions, Runner, RunnerDeps } from "./runner-api.js";

/**
 * The runner: model registry, request queue, dynamic batcher, resource manager and the
 * session host, behind an in-process API (embed / infer) that the HTTP server and the
 * platform's embed workers both use. Each part lives in src/runner/; this composes them.
 */
export async function createRunner(input: RunnerConfig | RunnerConfigInput = {}, deps: RunnerDeps = {}): Promise<Runner> {
  const config = resolveConfig(input as RunnerConfigInput);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = deps.metrics ?? createMetrics();
  const startedAt = Date.now();

  const models = await loadRunnerModels(config, deps.sessionHost, logger);
  publishModelGauges(metrics, models);
  const resources = startResourceMonitor(config, models.provider, deps, logger);
  const engine = createEngine({ config, host: models.host, provider: models.provider, resources, metrics, logger });
  const stopGauges = startGaugeTicker(engine, resources, metrics);
  const lifecycle = createLifecycle({
    config,
    engine,
    logger,
    release: async () => {
      stopGauges();
      resources.stop();
      await models.host.close();
    },
  });
  const { state } = lifecycle;
  const admission = createAdmission({ config, registry: models.registry, resources, metrics, state });
  const submit = createSubmitter({ engine, metrics, state });
  const { embed, embedVectors } = createEmbedder({ config, admission, submit });
  const infer = createInfer({ admission, submit });
  const health = createHealthReport({ config, models, engine, resources, state, startedAt });

  if (config.warmup) await warmModels(models.registry.list(), models.host, config.batch.maxBatchSize, logger);

  return {
    config,
    metrics,
    provider: models.provider,
    models: models.registry,
    auth: createAuthenticator(config.apiKeys, deps.verifyToken),
    logger,
    embed,
    embedVectors,
    infer,
    resolveModel: admission.resolveModel,
    health,
    retryAfterSeconds: engine.retryAfterSeconds,
    close: lifecycle.close,
    get accepting() {
      return state.accepting;
    },
  };
}
