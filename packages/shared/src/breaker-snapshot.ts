import { z } from "zod";

export const BREAKER_STATES = ["closed", "open", "half-open"] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/**
 * One breaker as a worker reports it (heartbeats, GET /circuit-breakers). Times are epoch ms.
 * `name` is a plain string so a reader accepts breakers of a newer worker it doesn't know.
 */
export const breakerSnapshotSchema = z.object({
  name: z.string().min(1).max(100),
  /** "half-open" from the moment the open window ends until `successThreshold` probe successes close it. */
  state: z.enum(BREAKER_STATES),
  consecutiveFailures: z.number().int().min(0),
  /** When it last opened; null while closed. */
  openedAt: z.number().nullable(),
  /** When the open window ends (future while open, past while half-open); null while closed. */
  halfOpenAt: z.number().nullable(),
  /** The last failure that counted, e.g. "openai answered 503". */
  lastError: z.string().nullable(),
  /** Totals since the process started. */
  successes: z.number().int().min(0),
  failures: z.number().int().min(0),
  /** Calls refused without reaching the dependency because the breaker was open. */
  rejections: z.number().int().min(0),
});
export type BreakerSnapshot = z.infer<typeof breakerSnapshotSchema>;
