import { z } from "zod";
// Types only: the queue package (ioredis, BullMQ) never reaches the browser bundle.
import type { BreakerSnapshot } from "@switchyard/queue";

/**
 * Workers report their breakers as opaque JSON on heartbeats (`unknown[]` in the API's types,
 * so an older web accepts a newer worker's). The dashboard validates each one here; a copy
 * of the queue package's schema, because that module cannot be bundled for the browser.
 */
export const BREAKER_STATES = ["closed", "open", "half-open"] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

export const breakerSchema = z.object({
  name: z.string().min(1).max(100),
  state: z.enum(BREAKER_STATES),
  consecutiveFailures: z.number().int().min(0),
  openedAt: z.number().nullable(),
  halfOpenAt: z.number().nullable(),
  lastError: z.string().nullable(),
  successes: z.number().int().min(0),
  failures: z.number().int().min(0),
  rejections: z.number().int().min(0),
});
export type Breaker = z.infer<typeof breakerSchema>;

// Fails to compile when the queue package's snapshot and this copy drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<Breaker, BreakerSnapshot> = true;
void sameShape;

export interface ParsedBreakers {
  breakers: Breaker[];
  /** Entries this dashboard could not read (a newer worker, or corrupt data). */
  unreadable: number;
}

export function parseBreakers(raw: readonly unknown[]): ParsedBreakers {
  const breakers: Breaker[] = [];
  let unreadable = 0;
  for (const entry of raw) {
    const parsed = breakerSchema.safeParse(entry);
    if (parsed.success) breakers.push(parsed.data);
    else unreadable++;
  }
  return { breakers, unreadable };
}
