import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_DIR } from "./config.js";

// No Docker engine here: the GPU image and compose snippet are checked statically.
const dockerDir = join(PACKAGE_DIR, "..", "..", "docker");

describe("docker/gpu-runner.Dockerfile", () => {
  const text = readFileSync(join(dockerDir, "gpu-runner.Dockerfile"), "utf8");

  it("builds on node:20-bookworm with CUDA 12 runtime libraries and cuDNN 9", () => {
    expect(text).toMatch(/^FROM node:20-bookworm$/m);
    expect(text).toMatch(/cuda-cudart-\$\{CUDA_PKG_VERSION\}/);
    expect(text).toMatch(/libcublas-\$\{CUDA_PKG_VERSION\}/);
    expect(text).toMatch(/libcudnn9-cuda-12/);
  });

  it("runs a normal npm ci that fetches the CUDA providers (overriding the repo's skip)", () => {
    expect(text).toMatch(/npm ci [^\n]*--onnxruntime-node-install=cuda12/);
    expect(text).toMatch(/libonnxruntime_providers_cuda\.so/);
    const instructions = text.split("\n").filter((l) => !l.trimStart().startsWith("#"));
    expect(instructions.join("\n")).not.toMatch(/onnxruntime-node-install=skip/);
  });

  it("exports the model at build and starts the runner listening on all interfaces", () => {
    expect(text).toMatch(/RUN npm run export-model -w @switchyard\/gpu-runner/);
    expect(text).toMatch(/GPU_RUNNER_HOST=0\.0\.0\.0/);
    expect(text).toMatch(/CMD \["node", "--import", "tsx", "apps\/gpu-runner\/src\/main\.ts"\]/);
    expect(text).toMatch(/HEALTHCHECK[\s\S]*\/health/);
    expect(text).toMatch(/^USER node$/m);
  });

  it("copies the manifest of every workspace before npm ci", () => {
    const rootPkg = JSON.parse(readFileSync(join(PACKAGE_DIR, "..", "..", "package.json"), "utf8")) as { workspaces: string[] };
    expect(rootPkg.workspaces).toEqual(["apps/*", "packages/*"]);
    for (const ws of ["apps/web", "apps/worker", "apps/gpu-runner", "packages/db", "packages/queue", "packages/shared"]) {
      expect(text).toContain(`COPY ${ws}/package.json ${ws}/`);
    }
  });
});

describe("docker/compose.gpu.yaml", () => {
  const text = readFileSync(join(dockerDir, "compose.gpu.yaml"), "utf8");

  it("defines the gpu-runner service under the gpu profile with an NVIDIA device reservation", () => {
    expect(text).toMatch(/^ {2}gpu-runner:$/m);
    expect(text).toMatch(/profiles: \["gpu"\]/);
    expect(text).toMatch(/reservations:\s*\n\s*devices:\s*\n\s*- driver: nvidia\s*\n\s*count: 1\s*\n\s*capabilities: \[gpu\]/);
    expect(text).toMatch(/dockerfile: docker\/gpu-runner\.Dockerfile/);
  });

  it("requires runner keys and checks /health", () => {
    expect(text).toMatch(/GPU_RUNNER_KEYS: \$\{GPU_RUNNER_KEYS:\?/);
    expect(text).toMatch(/healthcheck:[\s\S]*\/health/);
    expect(text).toMatch(/stop_grace_period: 30s/);
  });
});
