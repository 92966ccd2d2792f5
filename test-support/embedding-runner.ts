import { createEmbeddingClient, type EmbeddingClient } from "@switchyard/ai";
import { silentLogger } from "../apps/gpu-runner/src/logger.js";
import { startRunnerServer, type RunnerServer } from "../apps/gpu-runner/src/server.js";
import { ensureUseLite } from "../apps/gpu-runner/src/testing/use-lite-fixture.js";

export interface TestEmbeddingRunner {
  server: RunnerServer;
  /** The platform's embedding client (@switchyard/ai) pointed at this runner. */
  client: EmbeddingClient;
  /** What an app's env would carry (EMBEDDING_BASE_URL, EMBEDDING_API_KEY, EMBEDDING_MODEL). */
  env: Record<string, string>;
  close(): Promise<void>;
}

const KEY = "test-runner-key";

/**
 * The real GPU runner (USE-lite on the CPU provider, exported on first use) on a free
 * 127.0.0.1 port, with the platform's embedding client over its OpenAI-compatible API.
 */
export async function startTestEmbeddingRunner(): Promise<TestEmbeddingRunner> {
  const useDir = await ensureUseLite();
  const server = await startRunnerServer(
    {
      port: 0,
      apiKeys: [KEY],
      modelsDir: "/nonexistent",
      extraModelDirs: [useDir],
      autoExport: false,
      warmup: false,
      executionProvider: "cpu",
      sessionReplicas: 1,
      logLevel: "silent",
    },
    { logger: silentLogger },
  );
  const baseURL = `${server.url}/v1`;
  return {
    server,
    client: createEmbeddingClient({ baseURL, apiKey: KEY, model: "use-lite", timeoutMs: 60_000, maxRetries: 0 }),
    env: { EMBEDDING_BASE_URL: baseURL, EMBEDDING_API_KEY: KEY, EMBEDDING_MODEL: "use-lite" },
    close: () => server.close(),
  };
}
