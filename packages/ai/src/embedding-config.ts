import { z } from "zod";
import type { EmbeddingClientOptions } from "./embedding-client.js";

/** The GPU runner's default model (apps/gpu-runner, GPU_RUNNER_DEFAULT_MODEL). */
export const DEFAULT_EMBEDDING_MODEL = "use-lite";
/** The GPU runner's OpenAI-compatible API as `npm start` runs it. */
export const DEFAULT_EMBEDDING_BASE_URL = "http://127.0.0.1:3001/v1";

/**
 * The embedding backend's variables, for an app to spread into its own env schema
 * (`z.object({ ...embeddingEnvShape, ... })`). Any OpenAI-compatible embeddings API works:
 * the GPU runner by default, a hosted one by changing these.
 */
export const embeddingEnvShape = {
  EMBEDDING_BASE_URL: z.string().url().default(DEFAULT_EMBEDDING_BASE_URL),
  /** A runner key (GPU_RUNNER_KEYS) or the hosted API's key; empty = no embedding backend configured. */
  EMBEDDING_API_KEY: z.string().default(""),
  EMBEDDING_MODEL: z.string().min(1).max(200).default(DEFAULT_EMBEDDING_MODEL),
  /** Per request, before the client's own retries. */
  EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  EMBEDDING_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
};
export const embeddingEnvSchema = z.object(embeddingEnvShape);
export type EmbeddingEnv = z.infer<typeof embeddingEnvSchema>;

/** Client options from an app's parsed environment; null when no API key is configured. */
export function embeddingClientOptions(env: EmbeddingEnv): EmbeddingClientOptions | null {
  if (env.EMBEDDING_API_KEY === "") return null;
  return {
    baseURL: env.EMBEDDING_BASE_URL,
    apiKey: env.EMBEDDING_API_KEY,
    model: env.EMBEDDING_MODEL,
    timeoutMs: env.EMBEDDING_TIMEOUT_MS,
    maxRetries: env.EMBEDDING_MAX_RETRIES,
  };
}
