import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PACKAGE_DIR } from "./config.js";

// No Docker engine here: the GPU image and its compose service are checked statically.
const root = join(PACKAGE_DIR, "..", "..");
const dockerDir = join(root, "docker");

describe("docker/gpu-runner.Dockerfile", () => {
  const text = readFileSync(join(dockerDir, "gpu-runner.Dockerfile"), "utf8");

  it("builds on node:20-bookworm with CUDA 12 runtime libraries and cuDNN 9", () => {
    expect(text).toMatch(/^FROM node:20-bookworm$/m);
    expect(text).toMatch(/cuda-cudart-\$\{CUDA_PKG_VERSION\}/);
    expect(text).toMatch(/libcublas-\$\{CUDA_PKG_VERSION\}/);
    expect(text).toMatch(/libcudnn9-cuda-12/);
  });

  it("runs a normal npm ci that fetches the CUDA providers (overriding the repo's skip)", () => {
    // The installer's documented variable, not an npm config key (npm 11 warns about those).
    expect(text).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci /);
    expect(text).not.toMatch(/--onnxruntime-node-install/);
    expect(text).toMatch(/libonnxruntime_providers_cuda\.so/);
    const instructions = text.split("\n").filter((l) => !l.trimStart().startsWith("#"));
    expect(instructions.join("\n")).not.toMatch(/ONNXRUNTIME_NODE_INSTALL=skip/);
  });

  it("exports the model at build and starts the runner listening on all interfaces", () => {
    expect(text).toMatch(/^(RUN | && )npm run export-model -w @switchyard\/gpu-runner/m);
    expect(text).toMatch(/GPU_RUNNER_HOST=0\.0\.0\.0/);
    expect(text).toMatch(/CMD \["node", "--import", "tsx", "apps\/gpu-runner\/src\/main\.ts"\]/);
    expect(text).toMatch(/HEALTHCHECK[\s\S]*\/health/);
    expect(text).toMatch(/^USER node$/m);
  });

  it("copies the manifest of every workspace before npm ci", () => {
    const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] };
    expect(rootPkg.workspaces).toEqual(["apps/*", "packages/*"]);
    const workspaces = ["apps", "packages"].flatMap((d) =>
      readdirSync(join(root, d))
        .filter((n) => existsSync(join(root, d, n, "package.json")))
        .map((n) => `${d}/${n}`),
    );
    expect(workspaces).toEqual(expect.arrayContaining(["apps/gpu-runner", "packages/ai", "packages/db", "packages/queue", "packages/shared"]));
    for (const ws of workspaces) expect(text).toContain(`COPY ${ws}/package.json ${ws}/`);
  });

  it("generates the Prisma clients the embed-pool worker needs", () => {
    expect(text).toMatch(/RUN npm run generate -w @switchyard\/db/);
  });
});

interface ComposeService {
  profiles?: string[];
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { resources?: { reservations?: { devices?: Array<{ driver: string; count: unknown; capabilities: string[] }> } } };
  stop_grace_period?: string;
}

describe("docker/compose.yaml: the gpu-runner service (one definition)", () => {
  const compose = parse(readFileSync(join(dockerDir, "compose.yaml"), "utf8"), { merge: true }) as { services: Record<string, ComposeService> };
  const gpu = compose.services["gpu-runner"]!;
  const env = gpu.environment ?? {};

  it("is the only compose file, with the service under the gpu profile reserving an NVIDIA device", () => {
    expect(readdirSync(dockerDir).filter((f) => /^compose.*\.ya?ml$/.test(f))).toEqual(["compose.yaml"]);
    expect(gpu.profiles).toEqual(["gpu"]);
    expect(gpu.build?.dockerfile).toBe("docker/gpu-runner.Dockerfile");
    expect(gpu.deploy?.resources?.reservations?.devices).toEqual([{ driver: "nvidia", count: 1, capabilities: ["gpu"] }]);
  });

  it("requires runner keys and checks /health", () => {
    expect(env["GPU_RUNNER_KEYS"]).toMatch(/^\$\{GPU_RUNNER_KEYS:\?/);
    expect(gpu.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:3001/health");
    expect(env["GPU_RUNNER_HOST"]).toBe("0.0.0.0");
  });

  it("serves the embed pool on the platform's Redis, database and prefix, and drains before it is killed", () => {
    const worker = compose.services["worker"]!.environment ?? {};
    expect(env["GPU_RUNNER_REDIS_URL"]).toBe(worker["REDIS_URL"]);
    expect(env["GPU_RUNNER_DATABASE_URL"]).toBe(worker["DATABASE_URL"]);
    expect(env["GPU_RUNNER_QUEUE_PREFIX"]).toBe(worker["QUEUE_PREFIX"]);
    expect(gpu.depends_on?.["redis"]?.condition).toBe("service_healthy");
    expect(gpu.depends_on?.["web"]?.condition).toBe("service_healthy"); // the web migrates the database
    // Worker-runtime grace + runner drain, each GPU_RUNNER_SHUTDOWN_GRACE_MS at most.
    const graceS = Number(env["GPU_RUNNER_SHUTDOWN_GRACE_MS"]) / 1000;
    expect(Number.parseInt(gpu.stop_grace_period ?? "0", 10)).toBeGreaterThan(2 * graceS);
  });

  it("gives web and worker the runner as their embedding API", () => {
    for (const name of ["web", "worker"]) {
      const e = compose.services[name]!.environment ?? {};
      expect(e["EMBEDDING_BASE_URL"], name).toBe("${EMBEDDING_BASE_URL:-http://gpu-runner:3001/v1}");
      expect(e["EMBEDDING_API_KEY"], name).toBe("${EMBEDDING_API_KEY:-${GPU_RUNNER_KEYS}}");
      expect(e["EMBEDDING_MODEL"], name).toBe("${EMBEDDING_MODEL:-use-lite}");
    }
  });
});
