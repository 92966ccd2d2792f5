import { resolve } from "node:path";
import { z } from "zod";
import { tracingEnvShape } from "@switchyard/observability";

/** The web app's whole configuration, parsed once at start with embedded defaults. */
export const webEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z
    .string()
    .default("./.data")
    .transform((p) => resolve(p)),
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  DATABASE_URL: z.string().optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("switchyard"),
  POOLS_MANIFEST: z.string().optional(),
  GPU_RUNNER_URL: z.string().url().optional(),
  /** A runner key for the runner's /metrics (GPU page); unset: DATA_DIR/gpu-runner-key when npm start wrote one. */
  GPU_RUNNER_KEY: z.string().min(1).optional(),
  /** Chroma for the collection and RAG operations (npm start passes its embedded one); unset: they answer 503. */
  CHROMA_URL: z.string().url().optional(),
  SERVE_UI: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Requests per token per RATE_LIMIT_WINDOW_S (0 = no limit). */
  RATE_LIMIT_REQUESTS: z.coerce.number().int().min(0).max(10_000_000).default(3_000),
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(3_600).default(10),
  /**
   * A dedicated Prometheus scrape token for GET /metrics (besides any API token with
   * pools:read). Unset: only API tokens; /metrics is never public.
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Session cookies get `Secure`: set true when the dashboard is served over TLS (directly or behind a proxy). */
  SESSION_COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** A dashboard session ends after this many minutes without a request, and this many hours after sign-in. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** How long a second-factor confirmation allows sensitive operations. */
  STEP_UP_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  /**
   * Passkeys (WebAuthn): the origin(s) the dashboard is opened at, comma-separated
   * ("https://switchyard.example.com"); a ceremony from any other is refused. Unset: where this
   * process listens, with a loopback or wildcard HOST as http://localhost:PORT (browsers refuse
   * IP addresses for passkeys). Set it behind a proxy or under a DNS name.
   */
  WEBAUTHN_ORIGIN: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((o) => o.trim()).filter((o) => o.length > 0) : undefined))
    .pipe(z.array(z.string().url()).min(1).optional()),
  /** The passkeys' relying-party id: a host name the origins are on; unset: the first origin's host. */
  WEBAUTHN_RP_ID: z.string().min(1).max(253).optional(),
  /** The name browsers and authenticators show for passkeys of this dashboard. */
  WEBAUTHN_RP_NAME: z.string().min(1).max(100).default("Switchyard"),
  /** The audit log's name in its signed checkpoints (e.g. your host name + "/audit"). */
  AUDIT_ORIGIN: z.string().min(1).max(200).regex(/^[^\n]+$/).default("switchyard/audit"),
  /** Sign an audit checkpoint every N entries, and at least every M minutes while entries arrive. */
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(5),
  /**
   * Text search over the task history (list-tasks `q`) on SQLite: on keeps a full-text index
   * (about a sixth of the history writer's rate in the queue benchmark); PostgreSQL always has it.
   */
  TASK_SEARCH: z
    .enum(["on", "off"])
    .default("off")
    .transform((v) => v === "on"),
  /** Install the maintenance schedules (history retention, health sweep) at start; their settings are edited through the API. */
  SCHEDULES: z
    .enum(["on", "off"])
    .default("on")
    .transform((v) => v === "on"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** OpenTelemetry traces: OTEL_EXPORTER_OTLP_ENDPOINT (unset: off), OTEL_TRACES_SAMPLER_RATIO (default 0.1). */
  ...tracingEnvShape,
});
export type WebEnv = z.infer<typeof webEnvSchema>;

export function parseWebEnv(env: NodeJS.ProcessEnv): WebEnv {
  const parsed = webEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`invalid web environment:\n${lines}`);
  }
  return parsed.data;
}
