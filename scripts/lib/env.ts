import { resolve } from "node:path";
import { z } from "zod";

/** The launcher's configuration (npm start), parsed once at start with embedded defaults. */
export const launcherEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z
    .string()
    .min(1)
    .default("./.data")
    .transform((p) => resolve(p)),
  /** An existing Redis; when unset the launcher runs its own redis-server under DATA_DIR. */
  REDIS_URL: z.string().min(1).optional(),
  /** An existing Chroma server; when unset the launcher runs its own (`chroma run`) under DATA_DIR/chroma. */
  CHROMA_URL: z.string().url().optional(),
  /** When unset: SQLite at DATA_DIR/switchyard.db. */
  DATABASE_URL: z.string().min(1).optional(),
  GPU_RUNNER_PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
  GPU_RUNNER_ENABLED: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Shared by web, worker and the GPU runner (its embed pool); each app's default when unset. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
  POOLS_MANIFEST: z.string().min(1).optional(),
  /** More runner keys (comma-separated) besides the one generated in DATA_DIR/gpu-runner-key. */
  GPU_RUNNER_KEYS: z.string().optional(),
  /**
   * Another OpenAI-compatible embeddings API for web and worker (with EMBEDDING_API_KEY); when
   * unset they use the GPU runner with the generated key.
   */
  EMBEDDING_BASE_URL: z.string().url().optional(),
  EMBEDDING_API_KEY: z.string().optional(),
});
export type LauncherEnv = z.infer<typeof launcherEnvSchema>;

export interface LoadedEnv {
  config: LauncherEnv;
  /**
   * Everything else in the environment (PATH, HOME, the apps' own settings such as
   * WORKER_CONCURRENCY or OPENAI_API_KEY): passed through to the children untouched,
   * so each app's own schema decides what it reads.
   */
  inherited: Record<string, string>;
}

export function loadLauncherEnv(raw: Record<string, string | undefined>): LoadedEnv {
  const parsed = launcherEnvSchema.safeParse(raw);
  if (!parsed.success) {
    // Name the variable and the rule, never the value (it may be a secret).
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`invalid launcher environment:\n${lines}`);
  }
  const own = new Set(Object.keys(launcherEnvSchema.shape));
  const inherited: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && !own.has(k)) inherited[k] = v;
  return { config: parsed.data, inherited };
}
