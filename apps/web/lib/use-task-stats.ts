"use client";

import { useCallback } from "react";
import type { PoolName } from "@switchyard/shared/pools";
import { useAuth } from "../components/auth-provider";
import type { TaskStats } from "./task-stats";
import { api } from "./trpc-client";
import { usePolling, type Polling } from "./use-polling";

/** The last hour's outcomes per minute (one pool, or every pool), refreshed every 15 s: the charts move by the minute. */
export function useTaskStats(pool?: PoolName, intervalMs = 15_000): Polling<TaskStats> {
  const { signOut } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const fetchStats = useCallback(
    (signal: AbortSignal) => api.pools.taskStats.query(pool ? { pool } : {}, { signal }),
    [pool],
  );
  return usePolling({ key: `task-stats:${pool ?? "*"}`, fetch: fetchStats, intervalMs, onUnauthorized });
}
