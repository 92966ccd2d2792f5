import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLauncherEnv } from "./env.js";
import { redactUrl } from "./redact-url.js";

describe("loadLauncherEnv", () => {
  it("fills the embedded defaults", () => {
    const { config } = loadLauncherEnv({});
    expect(config).toEqual({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: resolve(".data"),
      GPU_RUNNER_PORT: 3001,
      GPU_RUNNER_ENABLED: true,
      LOG_LEVEL: "info",
    });
  });

  it("passes everything that is not the launcher's own through to the apps", () => {
    const { config, inherited } = loadLauncherEnv({ PORT: "8080", GPU_RUNNER_ENABLED: "false", PATH: "/bin", WORKER_CONCURRENCY: "4" });
    expect(config.PORT).toBe(8080);
    expect(config.GPU_RUNNER_ENABLED).toBe(false);
    expect(inherited).toEqual({ PATH: "/bin", WORKER_CONCURRENCY: "4" });
  });

  it("takes the variables it hands to several apps (prefix, manifest, runner keys, embedding API)", () => {
    const { config, inherited } = loadLauncherEnv({
      QUEUE_PREFIX: "staging",
      POOLS_MANIFEST: "pools.yaml",
      GPU_RUNNER_KEYS: "a,b",
      EMBEDDING_BASE_URL: "https://api.openai.com/v1",
      EMBEDDING_API_KEY: "sk-x",
      EMBEDDING_MODEL: "text-embedding-3-small",
    });
    expect(config).toMatchObject({
      QUEUE_PREFIX: "staging",
      POOLS_MANIFEST: "pools.yaml",
      GPU_RUNNER_KEYS: "a,b",
      EMBEDDING_BASE_URL: "https://api.openai.com/v1",
      EMBEDDING_API_KEY: "sk-x",
    });
    expect(inherited).toEqual({ EMBEDDING_MODEL: "text-embedding-3-small" });
    expect(() => loadLauncherEnv({ QUEUE_PREFIX: "a b" })).toThrow(/QUEUE_PREFIX/);
    expect(() => loadLauncherEnv({ EMBEDDING_BASE_URL: "nope" })).toThrow(/EMBEDDING_BASE_URL/);
  });

  it("names a bad variable without echoing its value", () => {
    expect(() => loadLauncherEnv({ PORT: "s3cret-ish" })).toThrow(/PORT/);
    expect(() => loadLauncherEnv({ PORT: "s3cret-ish" })).not.toThrow(/s3cret/);
  });
});

describe("redactUrl", () => {
  it("hides credentials", () => {
    expect(redactUrl("postgres://user:pw@db:5432/x")).toBe("postgres://***:***@db:5432/x");
    expect(redactUrl("redis://:pw@host:6379")).toBe("redis://:***@host:6379");
    expect(redactUrl("file:/tmp/a.db")).toBe("file:///tmp/a.db");
    expect(redactUrl("not a url with pw")).toBe("…");
  });
});
