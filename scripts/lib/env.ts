import { resolve } from "node:path";
import { z } from "zod";

/** The launcher's configuration (npm start), parsed once with embedded defaults. */
export const launcherEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z
    .string()
    .default("./.data")
    .transform((p) => resolve(p)),
  REDIS_URL: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  GPU_RUNNER_PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
  GPU_RUNNER_ENABLED: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type LauncherEnv = z.infer<typeof launcherEnvSchema>;
