import { gpuRunnerStatusSchema, readGpuRunnerStatus } from "../gpu/gpu-runner-status.js";
import { defineOperation, noInput } from "../operation.js";

export const getGpuRunner = defineOperation({
  name: "get-gpu-runner",
  summary: "The GPU runner's provider, models, queue, batching, memory and metrics",
  description:
    "Reads the runner's /health and (with the runner key) its /metrics: batch sizes, queue wait and compute p50/p95, completed requests and refusals. 503 when no runner is configured (GPU_RUNNER_URL) or it does not answer within 2 s.",
  tag: "workers",
  input: noInput,
  output: gpuRunnerStatusSchema,
  permission: "pools:read",
  errors: ["UNAVAILABLE"],
  sensitive: false,
  trpc: "gpu.status",
  kind: "query",
  rest: { method: "get", path: "/gpu-runner" },
  run: (ctx) => readGpuRunnerStatus(ctx.gpuRunner),
});
