"use client";

import type { PoolStats } from "@switchyard/shared/pool-stats";
import { api } from "./trpc-client";
import { usePolling } from "./use-polling";

export interface PoolStatsState {
  pools: PoolStats[] | null;
  /** The last refresh failed (other than 401); the table keeps the previous data. */
  error: string | null;
  updatedAt: number | null;
  /** Polling stops while the tab is hidden. */
  paused: boolean;
  /** Fetch now, e.g. right after a pool was paused or drained. */
  refresh(): void;
}

const fetchPools = (signal: AbortSignal): Promise<PoolStats[]> => api.pools.list.query(undefined, { signal }).then((r) => r.pools);

/** tRPC `pools.list` every `intervalMs` while the tab is visible (see usePolling). */
export function usePoolStats(options: { intervalMs?: number; onUnauthorized: () => void }): PoolStatsState {
  const polling = usePolling({
    key: "pools",
    fetch: fetchPools,
    intervalMs: options.intervalMs ?? 2_000,
    onUnauthorized: options.onUnauthorized,
  });
  return {
    pools: polling.data,
    error: polling.error,
    updatedAt: polling.updatedAt,
    paused: polling.paused,
    refresh: polling.refresh,
  };
}
