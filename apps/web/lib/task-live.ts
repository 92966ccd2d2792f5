"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import {
  SOCKET_EVENTS,
  subscribeAckSchema,
  subscribeRetryDelayMs,
  taskEventSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TaskEvent,
} from "@switchyard/shared/events";
import type { LiveStatus } from "./socket";

/** Most events the page keeps for its timeline and message stream (a chatty task streams many). */
export const MAX_TASK_EVENTS = 200;

export interface TaskLive {
  status: LiveStatus;
  /** Events of this task seen since the page opened, oldest first (the latest MAX_TASK_EVENTS). */
  events: readonly TaskEvent[];
  /** Events received in all (events[i] is the (received - events.length + i)-th). */
  received: number;
  /** Why the subscription was refused, when it was. */
  error: string | null;
}

/**
 * One task's events over socket.io (a `task` subscription: only this task's events travel).
 * After a reconnect it subscribes again with the last seq seen, so the server replays what was
 * missed. `onChange` runs on every state change (not on progress), for the page to re-read the task.
 */
export function useTaskLive(options: {
  taskId: string;
  /** A pasted API token; null: the session cookie authenticates the socket. */
  token: string | null;
  enabled: boolean;
  onChange: () => void;
  onUnauthorized: () => void;
}): TaskLive {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [seen, setSeen] = useState<{ events: readonly TaskEvent[]; received: number }>({ events: [], received: 0 });
  const [error, setError] = useState<string | null>(null);
  const callbacks = useRef({ onChange: options.onChange, onUnauthorized: options.onUnauthorized });
  useEffect(() => {
    callbacks.current = { onChange: options.onChange, onUnauthorized: options.onUnauthorized };
  });
  const { taskId, token, enabled } = options;

  useEffect(() => {
    if (!enabled) return;
    let closed = false;
    let lastSeq: string | null = null;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(window.location.origin, {
      // As in socket.ts: with the cookie, WebSocket only (the server wants the upgrade's Origin).
      ...(token ? { auth: { token } } : { transports: ["websocket"] }),
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
      timeout: 10_000,
    });
    setStatus("connecting");

    let retry: ReturnType<typeof setTimeout> | null = null;
    const stopRetry = (): void => {
      if (retry) clearTimeout(retry);
      retry = null;
    };
    const subscribe = (attempt: number): void => {
      const req = lastSeq ? { kind: "task" as const, taskId, since: lastSeq } : { kind: "task" as const, taskId };
      socket.emit(SOCKET_EVENTS.subscribe, req, (raw) => {
        if (closed) return;
        const ack = subscribeAckSchema.safeParse(raw);
        if (!ack.success) setError("unexpected reply from the server");
        else if (!ack.data.ok) {
          setError(ack.data.error);
          // The task's event stream could not be read: try again with backoff on this connection.
          if (ack.data.retryable && socket.connected) {
            stopRetry();
            retry = setTimeout(() => {
              retry = null;
              if (socket.connected && !closed) subscribe(attempt + 1);
            }, subscribeRetryDelayMs(attempt));
          }
        } else {
          setError(null);
          // Before the first event, a reconnect resumes from where this subscription started.
          lastSeq ??= ack.data.from ?? null;
        }
      });
    };
    socket.on("connect", () => {
      setStatus("connected");
      subscribe(0);
    });
    socket.on("disconnect", (reason) => {
      stopRetry();
      if (closed) return;
      if (reason === "io server disconnect") socket.connect();
      setStatus("reconnecting");
    });
    socket.on("connect_error", (err) => {
      if (closed) return;
      if (!socket.active && /unauthori[sz]ed/i.test(err.message)) {
        setStatus("offline");
        callbacks.current.onUnauthorized();
        return;
      }
      setStatus(socket.active ? "reconnecting" : "offline");
    });
    socket.on(SOCKET_EVENTS.taskEvent, (raw: unknown) => {
      const parsed = taskEventSchema.safeParse(raw);
      if (!parsed.success || parsed.data.taskId !== taskId) return;
      const ev = parsed.data;
      lastSeq = ev.seq;
      setSeen((prev) => ({ events: [...prev.events, ev].slice(-MAX_TASK_EVENTS), received: prev.received + 1 }));
      if (ev.kind !== "progress") callbacks.current.onChange();
    });
    // Events were trimmed past our resume point: what the page shows may be behind; re-read the task.
    socket.on(SOCKET_EVENTS.gap, () => {
      callbacks.current.onChange();
    });

    return () => {
      closed = true;
      stopRetry();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [taskId, token, enabled]);

  return { status, events: seen.events, received: seen.received, error };
}
