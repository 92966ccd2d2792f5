import { z } from "zod";
import type { DependencyName } from "../handler.js";

/** One dependency's breaker: when it opens, how long it stays open, what closes it again. */
export const breakerSettingsSchema = z
  .object({
    /** Consecutive failures that open the breaker. */
    failureThreshold: z.number().int().min(1).max(1_000),
    /** How long it stays open before letting a probe call through (half-open). */
    halfOpenAfterMs: z.number().int().min(1).max(24 * 3600 * 1000),
    /** Consecutive successes after half-opening that close it; any failure before that re-opens it. */
    successThreshold: z.number().int().min(1).max(100),
  })
  .strict();
export type BreakerSettings = z.infer<typeof breakerSettingsSchema>;
export type BreakerConfig = Record<DependencyName, BreakerSettings>;

/** The seed's breakers: 5 failures (chroma 3) open for 60 s, then 2 successes close. */
export const DEFAULT_BREAKER_CONFIG: Readonly<BreakerConfig> = {
  openai: { failureThreshold: 5, halfOpenAfterMs: 60_000, successThreshold: 2 },
  chroma: { failureThreshold: 3, halfOpenAfterMs: 60_000, successThreshold: 2 },
  browser: { failureThreshold: 5, halfOpenAfterMs: 60_000, successThreshold: 2 },
  "gpu-runner": { failureThreshold: 5, halfOpenAfterMs: 60_000, successThreshold: 2 },
};

const overrideSchema = breakerSettingsSchema.partial().strict().optional();

/**
 * Overrides over the defaults: `all` applies to every dependency (e.g. a short
 * halfOpenAfterMs for drills), then each dependency's own entry applies on top.
 */
export const breakerConfigSchema = z
  .object({
    all: overrideSchema,
    openai: overrideSchema,
    chroma: overrideSchema,
    browser: overrideSchema,
    "gpu-runner": overrideSchema,
  } satisfies Record<DependencyName | "all", typeof overrideSchema>)
  .strict()
  .default({})
  .transform((input): BreakerConfig => {
    const merged = (name: DependencyName): BreakerSettings => ({
      ...DEFAULT_BREAKER_CONFIG[name],
      ...defined(input.all),
      ...defined(input[name]),
    });
    return { openai: merged("openai"), chroma: merged("chroma"), browser: merged("browser"), "gpu-runner": merged("gpu-runner") };
  });
export type BreakerConfigInput = z.input<typeof breakerConfigSchema>;

/** Drop keys whose value is undefined, so `{ halfOpenAfterMs: undefined }` keeps the default. */
function defined(o: Partial<BreakerSettings> | undefined): Partial<BreakerSettings> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
}

/** Parse overrides into a complete config; throws on an invalid value (a startup error). */
export function parseBreakerConfig(input?: BreakerConfigInput): BreakerConfig {
  const parsed = breakerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new Error(`invalid circuit-breaker config: ${lines.join("; ")}`);
  }
  return parsed.data;
}
