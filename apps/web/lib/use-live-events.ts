"use client";

import { useEffect, useRef, useState } from "react";
import type { TaskEvent } from "@switchyard/shared/events";
import type { PoolName } from "@switchyard/shared/pools";
import { connectLive, type LiveStatus } from "./socket";

export interface LastEvent {
  kind: TaskEvent["kind"];
  at: number;
  taskId: string;
  seq: string;
  /** Events seen for this pool since the page opened. */
  count: number;
}

export type LastEvents = Partial<Record<PoolName, LastEvent>>;

/** Pools whose live events the server refuses right now: its reason, and whether the page keeps trying. */
export type RefusedPools = Partial<Record<PoolName, { error: string; retrying: boolean }>>;

const FLUSH_MS = 250;

/**
 * Subscribes to every pool's task events over socket.io. Events are folded into a
 * per-pool "last event" and flushed to React at most every 250 ms, so a busy queue
 * costs a handful of renders per second, not one per event.
 */
export function useLiveEvents(options: {
  /** A pasted API token; null: the session cookie authenticates the socket. */
  token: string | null;
  pools: readonly PoolName[];
  onUnauthorized: () => void;
}): { status: LiveStatus; lastEvents: LastEvents; refused: RefusedPools } {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [lastEvents, setLastEvents] = useState<LastEvents>({});
  const [refused, setRefused] = useState<RefusedPools>({});
  const onUnauthorized = useRef(options.onUnauthorized);
  useEffect(() => {
    onUnauthorized.current = options.onUnauthorized;
  });
  const poolsKey = [...options.pools].sort().join(",");
  const { token } = options;

  useEffect(() => {
    const pools = poolsKey ? (poolsKey.split(",") as PoolName[]) : [];
    if (pools.length === 0) return;
    const pending = new Map<PoolName, TaskEvent>();
    const counts = new Map<PoolName, number>();
    let timer: ReturnType<typeof setTimeout> | null = null;

    const flush = (): void => {
      timer = null;
      if (pending.size === 0) return;
      const batch = new Map(pending);
      pending.clear();
      setLastEvents((prev) => {
        const next: LastEvents = { ...prev };
        for (const [pool, ev] of batch) {
          next[pool] = { kind: ev.kind, at: ev.at, taskId: ev.taskId, seq: ev.seq, count: counts.get(pool) ?? 1 };
        }
        return next;
      });
    };

    const live = connectLive({
      token,
      pools,
      onStatus: setStatus,
      onUnauthorized: () => onUnauthorized.current(),
      onSubscribeError: (pool, error, retrying) =>
        setRefused((prev) => (prev[pool]?.error === error && prev[pool]?.retrying === retrying ? prev : { ...prev, [pool]: { error, retrying } })),
      onSubscribed: (pool) =>
        setRefused((prev) => {
          if (!(pool in prev)) return prev;
          const next = { ...prev };
          delete next[pool];
          return next;
        }),
      onEvent: (ev) => {
        pending.set(ev.pool, ev);
        counts.set(ev.pool, (counts.get(ev.pool) ?? 0) + 1);
        timer ??= setTimeout(flush, FLUSH_MS);
      },
    });
    return () => {
      if (timer) clearTimeout(timer);
      live.close();
      setRefused({});
    };
  }, [token, poolsKey]);

  return { status, lastEvents, refused };
}
