import { z } from "zod";
import { parse as parseYaml } from "yaml";

export const POOL_NAMES = ["rag", "scrape", "embed", "ingest", "batch", "maintenance"] as const;
export const poolNameSchema = z.enum(POOL_NAMES);
export type PoolName = z.infer<typeof poolNameSchema>;

export const poolConfigSchema = z
  .object({
    concurrency: z.number().int().min(1).max(1000),
    timeoutMs: z.number().int().min(100).max(24 * 3600 * 1000),
    /** Retries after the first attempt (the seed's "retries"). */
    retries: z.number().int().min(0).max(25),
    /** Waiting tasks beyond which submissions are refused (backpressure). */
    maxDepth: z.number().int().min(1).max(10_000_000).default(100_000),
    /**
     * Delay before retry n is backoffMs[n-1] (the last entry repeats), each spread by
     * ±backoffJitter so a burst of failures doesn't retry in lockstep. The seed: 1 s, 5 s, 15 s.
     */
    backoffMs: z.array(z.number().int().min(0).max(24 * 3600 * 1000)).min(1).max(25).default([1_000, 5_000, 15_000]),
    backoffJitter: z.number().min(0).max(1).default(0.2),
    /**
     * A task waiting longer than this moves up one priority level (again after each further
     * interval, up to `critical`), so a steady stream of critical work cannot starve it. 0 = off.
     */
    agingMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000).default(60_000),
    description: z.string().max(500).optional(),
  })
  .strict();
export type PoolConfig = z.infer<typeof poolConfigSchema>;

export const poolManifestSchema = z
  .object({
    version: z.literal(1).default(1),
    preset: z.string().max(64).optional(),
    pools: z.partialRecord(poolNameSchema, poolConfigSchema.partial()).default({}),
  })
  .strict();
export type PoolManifest = z.infer<typeof poolManifestSchema>;
export type PoolsConfig = Record<PoolName, PoolConfig>;

const RETRY_DEFAULTS = { backoffMs: [1_000, 5_000, 15_000], backoffJitter: 0.2, agingMs: 60_000 };

/** The seed's configuration matrix (000): workers / timeout / retries. */
export const DEFAULT_POOLS: PoolsConfig = {
  rag: { concurrency: 10, timeoutMs: 30_000, retries: 2, maxDepth: 100_000, ...RETRY_DEFAULTS, description: "User queries; latency first" },
  scrape: { concurrency: 6, timeoutMs: 180_000, retries: 3, maxDepth: 100_000, ...RETRY_DEFAULTS, description: "Browser pool, I/O bound" },
  embed: { concurrency: 3, timeoutMs: 120_000, retries: 3, maxDepth: 100_000, ...RETRY_DEFAULTS, description: "Batch embedding via the GPU runner" },
  ingest: { concurrency: 4, timeoutMs: 300_000, retries: 3, maxDepth: 100_000, ...RETRY_DEFAULTS, description: "Document to chunks to vectors" },
  batch: { concurrency: 3, timeoutMs: 600_000, retries: 2, maxDepth: 100_000, ...RETRY_DEFAULTS, description: "Batch operations and diagnostics" },
  maintenance: { concurrency: 2, timeoutMs: 300_000, retries: 1, maxDepth: 10_000, ...RETRY_DEFAULTS, description: "Cleanup and health checks" },
};

/** Delay before the next attempt after `attemptsMade` failed ones, with jitter (random in [0,1)). */
export function retryDelayMs(config: Pick<PoolConfig, "backoffMs" | "backoffJitter">, attemptsMade: number, random = Math.random()): number {
  const base = config.backoffMs[Math.min(Math.max(attemptsMade, 1), config.backoffMs.length) - 1] ?? 1_000;
  return Math.max(0, Math.round(base * (1 + config.backoffJitter * (random * 2 - 1))));
}

/** Merge a manifest over the defaults; every pool keeps a complete, validated config. */
export function resolvePools(manifest: PoolManifest): PoolsConfig {
  const out = {} as PoolsConfig;
  for (const name of POOL_NAMES) {
    out[name] = poolConfigSchema.parse({ ...DEFAULT_POOLS[name], ...(manifest.pools[name] ?? {}) });
  }
  return out;
}

/** Parse a YAML or JSON manifest text (JSON is valid YAML). Throws a ZodError naming the bad field. */
export function parsePoolManifest(text: string): PoolsConfig {
  const raw: unknown = text.trim() === "" ? {} : parseYaml(text);
  return resolvePools(poolManifestSchema.parse(raw ?? {}));
}
