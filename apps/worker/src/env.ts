import { z } from "zod";
import { tracingEnvShape } from "@switchyard/observability";
import { embeddingEnvShape } from "@switchyard/ai";
import { chatEnvShape } from "@switchyard/rag";
import { DEFAULT_CHROMIUM_PATH, parseAllowList } from "@switchyard/scraper";
import { POOL_NAMES, poolNameSchema, type PoolName } from "@switchyard/shared";

/** The worker's whole configuration, parsed once at start. */
export const workerEnvSchema = z.object({
  /** The embedding backend (the GPU runner's OpenAI-compatible API unless configured otherwise). */
  ...embeddingEnvShape,
  /** The chat model for RAG answers (CHAT_BASE_URL, CHAT_API_KEY, CHAT_MODEL); without it answers are extractive. */
  ...chatEnvShape,
  /** OpenTelemetry traces: OTEL_EXPORTER_OTLP_ENDPOINT (unset: off), OTEL_TRACES_SAMPLER_RATIO (default 0.1). */
  ...tracingEnvShape,
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  DATABASE_URL: z.string().min(1).default("file:./.data/switchyard.db"),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("switchyard"),
  POOLS_MANIFEST: z.string().optional(),
  /**
   * Pools this worker serves, comma-separated. Default: every pool except `embed`, which the
   * GPU runner serves (this worker has no embed.texts handler); `all`, or naming `embed`,
   * takes embed tasks too.
   */
  WORKER_POOLS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v || v.trim() === "") return POOL_NAMES.filter((p) => p !== "embed");
      if (v.trim() === "all") return [...POOL_NAMES] as PoolName[];
      const names = v.split(",").map((s) => s.trim()).filter(Boolean);
      const out: PoolName[] = [];
      for (const n of names) {
        const parsed = poolNameSchema.safeParse(n);
        if (!parsed.success) {
          ctx.addIssue({ code: "custom", message: `unknown pool "${n}" (pools: ${POOL_NAMES.join(", ")})` });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return out;
    }),
  WORKER_ID: z.string().max(200).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).optional(),
  /** A task whose worker died (SIGKILL, lost host) runs again elsewhere after about this long. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Health URLs for diagnostic.probe and the breakers' dependencies. */
  OPENAI_BASE_URL: z.string().url().optional(),
  /** Chroma for rag.query and ingest.document (and its probe); without it those types have no handler here. */
  CHROMA_URL: z.string().url().optional(),
  GPU_RUNNER_URL: z.string().url().default("http://127.0.0.1:3001"),
  /** Shorten every breaker's open window (drills and tests); the seed's 60 s otherwise. */
  BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  /** Repair history rows a crashed worker never wrote: how often, and how old its events must be. */
  HISTORY_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  HISTORY_RECONCILE_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(3_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  /** Prometheus /metrics on this port (0 or unset: off). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  /** Loopback by default; another address needs WORKER_METRICS_TOKEN. */
  WORKER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  WORKER_METRICS_TOKEN: z.string().min(16).optional(),
  /** The launcher's data directory (screenshots go under it). */
  DATA_DIR: z.string().min(1).default("./.data"),
  /** scrape.page: hosts and CIDRs the SSRF guard lets through although private (comma-separated; empty: none). */
  SCRAPE_ALLOW_PRIVATE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseAllowList(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /** Page loads per second per host, shared by all workers (fractions allowed; 0: no limit). */
  SCRAPE_RATE_PER_HOST: z.coerce.number().min(0).max(1_000).default(1),
  /** Restart the browser after this many pages. */
  SCRAPE_BROWSER_MAX_PAGES: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Where screenshots are stored; DATA_DIR/screenshots by default. */
  SCRAPE_SCREENSHOT_DIR: z.string().min(1).optional(),
  /** Respect robots.txt (on by default). */
  SCRAPE_ROBOTS: z.enum(["on", "off", "true", "false", "1", "0"]).default("on").transform((v) => v === "on" || v === "true" || v === "1"),
  /** Debian's Chromium. */
  SCRAPE_CHROMIUM_PATH: z.string().min(1).default(DEFAULT_CHROMIUM_PATH),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** The metrics port answers without a token only on loopback: every other endpoint needs one. */
function checkMetricsAccess(env: WorkerEnv): string | null {
  if (env.WORKER_METRICS_PORT === 0 || env.WORKER_METRICS_TOKEN || LOOPBACK.has(env.WORKER_METRICS_HOST)) return null;
  return `WORKER_METRICS_TOKEN: required when WORKER_METRICS_HOST (${env.WORKER_METRICS_HOST}) is not a loopback address`;
}

export function parseWorkerEnv(env: NodeJS.ProcessEnv): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`invalid worker environment:\n${lines}`);
  }
  const metricsProblem = checkMetricsAccess(parsed.data);
  if (metricsProblem) throw new Error(`invalid worker environment:\n  ${metricsProblem}`);
  return parsed.data;
}
