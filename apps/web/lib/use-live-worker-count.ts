"use client";

import { useCallback } from "react";
import { useAuth } from "../components/auth-provider";
import { api } from "./trpc-client";
import { usePolling } from "./use-polling";

const countAlive = (signal: AbortSignal): Promise<number> =>
  api.workers.list.query(undefined, { signal }).then((r) => r.workers.filter((w) => w.status === "alive").length);

/**
 * Live worker processes (list-workers, heartbeat under 15 s old). Pool stats count a process
 * once per pool it serves, so their sum overcounts; this counts each process once.
 * Null until the first answer, or while the last refresh failed.
 */
export function useLiveWorkerCount(intervalMs = 5_000): number | null {
  const { signOut } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const polled = usePolling({ key: "live-workers", fetch: countAlive, intervalMs, onUnauthorized });
  return polled.error ? null : polled.data;
}
