"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TaskEvent } from "@switchyard/shared/events";
import { connectLive, type LiveStatus } from "./socket";

/**
 * `fn` at most once per `ms`: the first call runs at once, calls within the window collapse
 * into one at its end (so the last change is always read). For re-reads driven by live events:
 * a batch of thousands of children reports progress often, the page re-reads a few times a minute.
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  const state = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | null }>({ last: 0, timer: null });
  useEffect(() => {
    const s = state.current;
    return () => {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    };
  }, []);
  return useCallback(() => {
    const s = state.current;
    if (s.timer) return;
    const wait = s.last + ms - Date.now();
    if (wait <= 0) {
      s.last = Date.now();
      fnRef.current();
      return;
    }
    s.timer = setTimeout(() => {
      s.timer = null;
      s.last = Date.now();
      fnRef.current();
    }, wait);
  }, [ms]);
}

/**
 * The batch pool's task events over socket.io (each batch is a task there; its progress events
 * carry the tally). Only roles that read every task may follow a whole pool: for the others
 * (`enabled` false, or the server refuses the subscription) the page relies on polling.
 */
export function useBatchPoolLive(options: {
  token: string | null;
  enabled: boolean;
  onEvent: (event: TaskEvent) => void;
  onUnauthorized: () => void;
}): { status: LiveStatus | null; error: string | null } {
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const callbacks = useRef({ onEvent: options.onEvent, onUnauthorized: options.onUnauthorized });
  useEffect(() => {
    callbacks.current = { onEvent: options.onEvent, onUnauthorized: options.onUnauthorized };
  });
  const { token, enabled } = options;

  useEffect(() => {
    if (!enabled) return;
    const live = connectLive({
      token,
      pools: ["batch"],
      onStatus: setStatus,
      onUnauthorized: () => callbacks.current.onUnauthorized(),
      onSubscribeError: (_pool, message) => setError(message),
      onSubscribed: () => setError(null),
      onEvent: (ev) => callbacks.current.onEvent(ev),
    });
    return () => {
      live.close();
      setStatus(null);
    };
  }, [token, enabled]);

  return { status: enabled ? status : null, error };
}
