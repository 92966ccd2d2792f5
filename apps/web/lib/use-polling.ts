"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { describeError, isUnauthorized } from "./trpc-client";

export interface PollingState<T> {
  data: T | null;
  /** The last refresh failed (other than 401); `data` keeps the previous answer. */
  error: string | null;
  updatedAt: number | null;
  /** Polling stops while the tab is hidden. */
  paused: boolean;
}

export interface Polling<T> extends PollingState<T> {
  /**
   * `data` answers an earlier key (the filters or page just changed and the new answer has
   * not arrived). It stays on screen meanwhile, so controls the user is on are not unmounted.
   */
  stale: boolean;
  /** Fetch now (after a mutation); if a request is in flight, once more right after it. */
  refresh(): void;
}


/**
 * Polls `fetch` every `intervalMs` while the tab is visible, one request in flight at most,
 * refreshes at once when the tab becomes visible again, and calls `onUnauthorized` when the
 * server refuses the token. A new `key` (other filters, another page) fetches at once; until
 * its answer arrives the old data is kept and flagged `stale`.
 */
export function usePolling<T>(options: {
  key: string;
  fetch: (signal: AbortSignal) => Promise<T>;
  intervalMs: number;
  onUnauthorized: () => void;
}): Polling<T> {
  const { key, intervalMs } = options;
  // The latest callbacks, without restarting the polling loop on every render.
  const fetchRef = useRef(options.fetch);
  const onUnauthorized = useRef(options.onUnauthorized);
  useEffect(() => {
    fetchRef.current = options.fetch;
    onUnauthorized.current = options.onUnauthorized;
  });
  const [state, setState] = useState<PollingState<T> & { dataKey: string | null }>({
    data: null,
    dataKey: null,
    error: null,
    updatedAt: null,
    paused: false,
  });
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let inFlight: AbortController | null = null;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    setState((s) => (s.error === null ? s : { ...s, error: null }));

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
      if (stopped || document.hidden) return;
      if (inFlight) {
        again = true;
        return;
      }
      clearTimer();
      const controller = new AbortController();
      inFlight = controller;
      try {
        const data = await fetchRef.current(controller.signal);
        // The tab may have been hidden while this request ran: stay "paused" then.
        if (!stopped) setState({ data, dataKey: key, error: null, updatedAt: Date.now(), paused: document.hidden });
      } catch (err) {
        if (stopped || controller.signal.aborted) return;
        if (isUnauthorized(err)) {
          stopped = true;
          onUnauthorized.current();
          return;
        }
        setState((s) => ({ ...s, error: describeError(err), paused: document.hidden }));
      } finally {
        if (inFlight === controller) inFlight = null;
        if (again && !stopped) {
          again = false;
          void refresh();
        } else {
          schedule();
        }
      }
    };
    const onVisibility = (): void => {
      clearTimer();
      if (document.hidden) {
        setState((s) => (s.paused ? s : { ...s, paused: true }));
      } else {
        setState((s) => (s.paused ? { ...s, paused: false } : s));
        void refresh();
      }
    };

    refreshRef.current = () => void refresh();
    document.addEventListener("visibilitychange", onVisibility);
    if (document.hidden) setState((s) => ({ ...s, paused: true }));
    else void refresh();
    return () => {
      stopped = true;
      clearTimer();
      inFlight?.abort();
      refreshRef.current = () => undefined;
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [key, intervalMs]);

  const refresh = useCallback(() => refreshRef.current(), []);
  const { dataKey, ...rest } = state;
  return { ...rest, stale: rest.data !== null && dataKey !== key, refresh };
}
