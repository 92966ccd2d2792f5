"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { RagAnswer } from "@switchyard/shared/collections";
import { askAsTask, askDirectly, type RagSearchFailure, type RagSearchPhase, type RagSearchRequest, type RagSearchRun } from "./rag-search";
import type { LiveStatus } from "./socket";

export interface RagSearchState {
  /** The question being (or last) answered; null before the first. */
  request: RagSearchRequest | null;
  /** "done" and "failed" are final; null before the first question. */
  phase: RagSearchPhase | "done" | "failed" | null;
  taskId: string | null;
  /** The chat model's answer as streamed so far (empty for extractive answers). */
  streamed: string;
  message: string | null;
  live: LiveStatus | null;
  answer: RagAnswer | null;
  failure: RagSearchFailure | null;
}

const EMPTY: RagSearchState = { request: null, phase: null, taskId: null, streamed: "", message: null, live: null, answer: null, failure: null };

export function isRunning(state: RagSearchState): boolean {
  return state.phase !== null && state.phase !== "done" && state.phase !== "failed";
}

/**
 * One question at a time over a collection. `viaTask`: as a rag.query task followed live (tokens
 * stream in); otherwise through the synchronous rag.query operation. A new question, or leaving
 * the page, stops following the previous one.
 */
export function useRagSearch(options: { token: string | null; viaTask: boolean; onUnauthorized: () => void }): {
  state: RagSearchState;
  ask: (req: RagSearchRequest) => void;
} {
  const [state, setState] = useState<RagSearchState>(EMPTY);
  const run = useRef<RagSearchRun | null>(null);
  const onUnauthorized = useRef(options.onUnauthorized);
  useEffect(() => {
    onUnauthorized.current = options.onUnauthorized;
  });
  useEffect(() => () => run.current?.stop(), []);
  const { token, viaTask } = options;

  const ask = useCallback(
    (req: RagSearchRequest) => {
      run.current?.stop();
      setState({ ...EMPTY, request: req, phase: "submitting" });
      // Each run's updates apply only while it is the current one.
      let current = true;
      const update = (patch: Partial<RagSearchState>): void => {
        if (current) setState((s) => ({ ...s, ...patch }));
      };
      const handlers = {
        onTask: (taskId: string) => update({ taskId }),
        onPhase: (phase: RagSearchPhase) => update({ phase }),
        onStream: (streamed: string) => update({ streamed }),
        onMessage: (message: string) => update({ message }),
        onLive: (live: LiveStatus) => update({ live }),
        onAnswer: (answer: RagAnswer) => update({ answer, phase: "done" }),
        onFailure: (failure: RagSearchFailure) => {
          update({ failure, phase: "failed" });
          if (failure.kind === "unauthorized" && current) onUnauthorized.current();
        },
      };
      const started = viaTask ? askAsTask(req, token, handlers) : askDirectly(req, handlers);
      run.current = {
        stop() {
          current = false;
          started.stop();
        },
      };
    },
    [token, viaTask],
  );

  return { state, ask };
}
