/** Public in-process API of @switchyard/gpu-runner. */
export { createRunner, type Runner, type RunnerDeps, type EmbedOptions, type EmbedResult, type EmbedVectorsResult, type InferOptions, type HealthReport, type CancelSignal } from "./runner.js";
export { startRunnerServer, type RunnerServer } from "./server.js";
export { resolveConfig, defaultConfig, type RunnerConfig, type RunnerConfigInput } from "./config.js";
export { configFromEnv, loadRunnerEnv, runnerEnvSchema, type RunnerEnvConfig } from "./env.js";
export type { EmbedPoolConfig } from "./platform/embed-pool-config.js";
export { startEmbedPoolWorker, type EmbedPoolWorker } from "./platform/embed-pool-worker.js";
export { createEmbedTextsHandler, type EmbedTextsHandlerOptions } from "./platform/embed-texts-handler.js";
export * from "./errors.js";
export { createLogger, silentLogger, type RunnerLogger } from "./logger.js";
export { exportUseLite, USE_LITE_ID } from "./export/export-use-lite.js";
export type { HostTensor, ElemType } from "./onnx/tensor-types.js";
