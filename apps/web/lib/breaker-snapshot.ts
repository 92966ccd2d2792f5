import { breakerSnapshotSchema, type BreakerSnapshot, type BreakerState } from "@switchyard/shared/breaker-snapshot";

/**
 * Workers report their breakers as opaque JSON on heartbeats (`unknown[]` in the API's types,
 * so an older web accepts a newer worker's). The dashboard validates each one with the shared schema.
 */
export type { BreakerState };
export type Breaker = BreakerSnapshot;

export interface ParsedBreakers {
  breakers: Breaker[];
  /** Entries this dashboard could not read (a newer worker, or corrupt data). */
  unreadable: number;
}

export function parseBreakers(raw: readonly unknown[]): ParsedBreakers {
  const breakers: Breaker[] = [];
  let unreadable = 0;
  for (const entry of raw) {
    const parsed = breakerSnapshotSchema.safeParse(entry);
    if (parsed.success) breakers.push(parsed.data);
    else unreadable++;
  }
  return { breakers, unreadable };
}
