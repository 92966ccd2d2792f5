"use client";

import { useEffect, useRef, useState } from "react";
import type { PoolStats } from "@switchyard/shared/pool-stats";
import { api, describeError, isUnauthorized } from "./trpc-client";

export interface PoolStatsState {
  pools: PoolStats[] | null;
  /** The last refresh failed (other than 401); the table keeps the previous data. */
  error: string | null;
  updatedAt: number | null;
  /** Polling stops while the tab is hidden. */
  paused: boolean;
}

/**
 * Polls tRPC `pools.list` every `intervalMs` while the tab is visible (one request in
 * flight at a most), refreshes at once when the tab becomes visible again, and calls
 * `onUnauthorized` when the server refuses the token.
 */
export function usePoolStats(options: { intervalMs?: number; onUnauthorized: () => void }): PoolStatsState {
  const intervalMs = options.intervalMs ?? 2_000;
  const onUnauthorized = useRef(options.onUnauthorized);
  useEffect(() => {
    onUnauthorized.current = options.onUnauthorized;
  });
  const [state, setState] = useState<PoolStatsState>({ pools: null, error: null, updatedAt: null, paused: false });

  useEffect(() => {
    let stopped = false;
    let inFlight: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const clearTimer = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
    };
    const schedule = (): void => {
      if (stopped || inFlight || timer || document.hidden) return;
      timer = setTimeout(() => {
        timer = null;
        void refresh();
      }, intervalMs);
    };
    const refresh = async (): Promise<void> => {
      if (stopped || inFlight || document.hidden) return;
      const controller = new AbortController();
      inFlight = controller;
      try {
        const pools = await api.pools.list.query(undefined, { signal: controller.signal });
        if (!stopped) setState({ pools, error: null, updatedAt: Date.now(), paused: false });
      } catch (err) {
        if (stopped || controller.signal.aborted) return;
        if (isUnauthorized(err)) {
          stopped = true;
          onUnauthorized.current();
          return;
        }
        setState((s) => ({ ...s, error: describeError(err), paused: false }));
      } finally {
        if (inFlight === controller) inFlight = null;
        schedule();
      }
    };
    const onVisibility = (): void => {
      if (document.hidden) {
        clearTimer();
        setState((s) => (s.paused ? s : { ...s, paused: true }));
      } else {
        clearTimer();
        setState((s) => (s.paused ? { ...s, paused: false } : s));
        void refresh();
      }
    };

    document.addEventListener("visibilitychange", onVisibility);
    if (document.hidden) setState((s) => ({ ...s, paused: true }));
    else void refresh();
    return () => {
      stopped = true;
      clearTimer();
      inFlight?.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [intervalMs]);

  return state;
}
