import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { APP_NODE_FLAGS } from "../scripts/lib/app-node-flags.js";

// No Docker engine here: the compose file and Dockerfiles are checked statically.
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: unknown; resources?: { reservations?: { devices?: { driver: string; count: unknown; capabilities: string[] }[] } } };
  volumes?: string[];
}
const compose = parse(readFileSync(join(here, "compose.yaml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

describe("docker images", () => {
  it("start the apps with the launcher's node flags", () => {
    for (const file of ["app.Dockerfile", "gpu-runner.Dockerfile"]) {
      const text = readFileSync(join(here, file), "utf8");
      expect(text, file).toContain(`ENV NODE_OPTIONS="${APP_NODE_FLAGS.join(" ")}"`);
    }
  });
});

describe("docker/compose.yaml", () => {
  it("has the production services, each with a healthcheck", () => {
    expect(Object.keys(services).sort()).toEqual(["chroma", "gpu-runner", "postgres", "redis", "web", "worker"]);
    for (const [name, s] of Object.entries(services)) expect(s.healthcheck?.test.length, name).toBeGreaterThan(0);
    expect(services["postgres"]!.image).toBe("postgres:16");
    expect(services["redis"]!.image).toBe("redis:7");
    expect(services["chroma"]!.image).toMatch(/^chromadb\/chroma:/);
  });

  it("runs Redis with an append-only file and noeviction (BullMQ)", () => {
    const cmd = services["redis"]!.command!.join(" ");
    expect(cmd).toContain("--appendonly yes");
    expect(cmd).toContain("--maxmemory-policy noeviction");
  });

  it("points web and worker at Postgres, Redis and Chroma; workers scale by replicas", () => {
    for (const name of ["web", "worker"]) {
      const env = services[name]!.environment!;
      expect(env["DATABASE_URL"], name).toMatch(/^postgres:\/\/switchyard:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/switchyard$/);
      expect(env["REDIS_URL"], name).toBe("redis://redis:6379");
      expect(env["CHROMA_URL"], name).toBe("http://chroma:8000");
      expect(services[name]!.build?.dockerfile, name).toBe("docker/app.Dockerfile");
    }
    expect(services["web"]!.image).toBe(services["worker"]!.image);
    expect(services["worker"]!.command).toEqual(["node", "--import", "tsx", "apps/worker/src/main.ts"]);
    expect(services["worker"]!.deploy?.replicas).toBeDefined();
    expect(services["worker"]!.depends_on?.["web"]?.condition).toBe("service_healthy");
    expect(services["web"]!.environment!["HOST"]).toBe("0.0.0.0");
  });

  it("puts the GPU runner under the gpu profile with an NVIDIA device reservation", () => {
    const gpu = services["gpu-runner"]!;
    expect(gpu.profiles).toEqual(["gpu"]);
    const devices = gpu.deploy?.resources?.reservations?.devices ?? [];
    expect(devices).toContainEqual(expect.objectContaining({ driver: "nvidia", capabilities: ["gpu"] }));
    for (const [name, s] of Object.entries(services)) if (name !== "gpu-runner") expect(s.profiles, name).toBeUndefined();
  });

  it("makes the GPU runner the embed pool's worker and the web/worker embedding API", () => {
    const gpu = services["gpu-runner"]!.environment!;
    const worker = services["worker"]!.environment!;
    expect(gpu["GPU_RUNNER_REDIS_URL"]).toBe("redis://redis:6379");
    expect(gpu["GPU_RUNNER_DATABASE_URL"]).toBe(worker["DATABASE_URL"]);
    expect(gpu["GPU_RUNNER_QUEUE_PREFIX"]).toBe(worker["QUEUE_PREFIX"]);
    expect(services["gpu-runner"]!.healthcheck!.test.join(" ")).toContain("/health");
    for (const name of ["web", "worker"]) {
      expect(services[name]!.environment!["EMBEDDING_BASE_URL"], name).toMatch(/http:\/\/gpu-runner:3001\/v1\}$/);
      expect(services[name]!.environment!["EMBEDDING_API_KEY"], name).toContain("GPU_RUNNER_KEYS");
    }
  });

  it("declares every named volume it mounts, and every Dockerfile it builds exists", () => {
    for (const s of Object.values(services)) {
      for (const v of s.volumes ?? []) {
        const source = v.split(":")[0]!;
        if (!source.startsWith(".") && !source.startsWith("/")) expect(compose.volumes).toHaveProperty(source);
      }
      if (s.build) expect(existsSync(join(here, s.build.context, s.build.dockerfile)), s.build.dockerfile).toBe(true);
    }
  });
});

describe("docker/app.Dockerfile", () => {
  const text = readFileSync(join(here, "app.Dockerfile"), "utf8");
  it("builds on node:20-bookworm-slim with npm ci, the Prisma clients and the Next build", () => {
    expect(text).toMatch(/^FROM node:20-bookworm-slim AS build$/m);
    expect(text).toContain("npm ci");
    expect(text).toContain("npm run generate -w @switchyard/db");
    expect(text).toContain("npm run build -w @switchyard/web");
  });
  it("copies every workspace manifest before npm ci", () => {
    const workspaces = ["apps", "packages"].flatMap((d) =>
      readdirSync(join(root, d))
        .filter((n) => existsSync(join(root, d, n, "package.json")))
        .map((n) => `${d}/${n}`),
    );
    expect(workspaces).toEqual(expect.arrayContaining(["apps/web", "apps/worker", "apps/gpu-runner", "packages/ai", "packages/db", "packages/queue", "packages/shared"]));
    for (const w of workspaces) expect(text, w).toContain(`COPY ${w}/package.json ${w}/`);
  });
  it("keeps host build outputs out of the context", () => {
    const ignore = readFileSync(join(here, "app.Dockerfile.dockerignore"), "utf8");
    for (const p of ["**/node_modules", "**/.next", "packages/db/generated", ".data"]) expect(ignore).toContain(p);
  });
});
