import { io, type Socket } from "socket.io-client";
import { ragAnswerSchema, type RagAnswer } from "@switchyard/shared/collections";
import {
  SOCKET_EVENTS,
  subscribeAckSchema,
  taskEventSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TaskEvent,
} from "@switchyard/shared/events";
import { httpStatusOf } from "./api-error-status";
import type { LiveStatus } from "./socket";
import { api, describeError, isUnauthorized } from "./trpc-client";

export interface RagSearchRequest {
  collection: string;
  query: string;
  k: number;
}

/** Where a running search is: sent, waiting in the rag pool, being answered, or waiting to retry. */
export type RagSearchPhase = "submitting" | "queued" | "active" | "retrying";

export interface RagSearchFailure {
  kind: "missing-collection" | "forbidden" | "unauthorized" | "cancelled" | "failed";
  message: string;
}

export interface RagSearchHandlers {
  onTask(taskId: string): void;
  onPhase(phase: RagSearchPhase): void;
  /** The chat answer streamed so far (whole, not the latest piece); "" when an attempt starts over. */
  onStream(text: string): void;
  /** A stage report ("found 3 passages; asking …"). */
  onMessage(message: string): void;
  onLive(status: LiveStatus): void;
  onAnswer(answer: RagAnswer): void;
  onFailure(failure: RagSearchFailure): void;
}

export interface RagSearchRun {
  /** Stops following (the task itself runs on; it is an ordinary task). */
  stop(): void;
}

/**
 * The replay window before the task's createdAt: the events' seqs are Redis stream ids (Redis's
 * clock), createdAt is the web process's clock; the two may differ a little.
 */
const CLOCK_SKEW_MS = 30_000;
/** The fallback read while the task runs, should live events not arrive (socket down, blocked). */
const POLL_MS = 4_000;

type TaskRead = Awaited<ReturnType<typeof api.tasks.get.query>>;

/** A task's error that says the collection is not there (as the rag.query handler words it). */
function isMissingCollection(error: string | null | undefined, collection: string): boolean {
  return error === `collection "${collection}" not found`;
}

function submitFailure(err: unknown): RagSearchFailure {
  if (isUnauthorized(err)) return { kind: "unauthorized", message: "Your sign-in is no longer accepted." };
  if (httpStatusOf(err) === 403) {
    return { kind: "forbidden", message: `Your role may not ask questions (it needs the rag:query and tasks:submit permissions): ${describeError(err)}.` };
  }
  if (httpStatusOf(err) === 404) return { kind: "missing-collection", message: "That collection does not exist (it may have just been deleted)." };
  return { kind: "failed", message: `The question was not sent: ${describeError(err)}.` };
}

/**
 * Asks through the synchronous rag.query operation (for a role that may query but not submit
 * tasks): one call, no streamed tokens.
 */
export function askDirectly(req: RagSearchRequest, h: RagSearchHandlers): RagSearchRun {
  let stopped = false;
  h.onPhase("submitting");
  api.rag.query.mutate(req).then(
    (answer) => {
      if (!stopped) h.onAnswer(answer);
    },
    (err: unknown) => {
      if (stopped) return;
      h.onFailure(
        httpStatusOf(err) === 404
          ? { kind: "missing-collection", message: `The collection “${req.collection}” does not exist (it may have just been deleted).` }
          : submitFailure(err),
      );
    },
  );
  return {
    stop() {
      stopped = true;
    },
  };
}

/**
 * Asks as a rag.query task (critical priority, through tasks.submit) and follows it live over
 * socket.io, as the task page does: the chat model's tokens arrive as progress `delta`s and are
 * appended in order. The subscription replays from shortly before the task's creation, so pieces
 * streamed before the socket was subscribed are not lost; a slow poll of the task is the fallback
 * for the outcome. `token`: a pasted API token, null for the session cookie.
 */
export function askAsTask(req: RagSearchRequest, token: string | null, h: RagSearchHandlers): RagSearchRun {
  let stopped = false;
  let finished = false;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let taskId: string | null = null;
  let since: string | null = null;
  let lastSeq: string | null = null;
  let streamed = "";

  const stop = (): void => {
    stopped = true;
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
  };
  const finish = (then: () => void): void => {
    if (finished || stopped) return;
    finished = true;
    stop();
    then();
  };

  /** What the task's stored state says: the outcome once it is final, else its phase. */
  const apply = (task: TaskRead): void => {
    if (task.status === "completed") {
      const answer = ragAnswerSchema.safeParse(task.result);
      finish(() =>
        answer.success
          ? h.onAnswer(answer.data)
          : h.onFailure({ kind: "failed", message: "The task completed without a readable answer." }),
      );
    } else if (task.status === "dead") {
      finish(() =>
        h.onFailure(
          isMissingCollection(task.error, req.collection)
            ? { kind: "missing-collection", message: `The collection “${req.collection}” does not exist (it may have just been deleted).` }
            : { kind: "failed", message: `The question could not be answered: ${task.error ?? "the task failed"}.` },
        ),
      );
    } else if (task.status === "cancelled") {
      finish(() => h.onFailure({ kind: "cancelled", message: "The query task was cancelled before it answered." }));
    } else if (!finished && !stopped) {
      h.onPhase(task.status === "active" ? "active" : task.status === "retrying" ? "retrying" : "queued");
    }
  };

  const read = async (): Promise<TaskRead | null> => {
    if (!taskId || stopped) return null;
    try {
      const task = await api.tasks.get.query({ id: taskId });
      if (!stopped) apply(task);
      return task;
    } catch (err) {
      if (stopped) return null;
      if (isUnauthorized(err)) finish(() => h.onFailure({ kind: "unauthorized", message: "Your sign-in is no longer accepted." }));
      // Anything else (the server busy a moment): the next poll tries again.
      return null;
    }
  };

  const poll = (): void => {
    if (stopped || finished) return;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      void read().finally(poll);
    }, POLL_MS);
  };

  const onEvent = (ev: TaskEvent): void => {
    lastSeq = ev.seq;
    if (ev.kind === "active") {
      // A (new) attempt starts: whatever an earlier attempt streamed is void.
      if (streamed !== "") h.onStream((streamed = ""));
      h.onPhase("active");
    } else if (ev.kind === "queued" || ev.kind === "retrying") {
      h.onPhase(ev.kind);
    } else if (ev.kind === "progress" && ev.progress) {
      if (ev.progress.delta) h.onStream((streamed += ev.progress.delta));
      else if (ev.progress.message) h.onMessage(ev.progress.message);
    } else if (ev.kind === "completed") {
      const answer = ragAnswerSchema.safeParse(ev.result);
      if (answer.success) finish(() => h.onAnswer(answer.data));
      else void read();
    } else {
      // failed (may be retried or dead), removed, stalled: the stored state decides.
      void read();
    }
  };

  const follow = (): void => {
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(window.location.origin, {
      // As in socket.ts: with the cookie, WebSocket only (the server wants the upgrade's Origin).
      ...(token ? { auth: { token } } : { transports: ["websocket"] }),
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
      timeout: 10_000,
    });
    socket = s;
    h.onLive("connecting");
    s.on("connect", () => {
      if (!taskId) return;
      const from = lastSeq ?? since;
      s.emit(SOCKET_EVENTS.subscribe, from ? { kind: "task", taskId, since: from } : { kind: "task", taskId }, (raw) => {
        const ack = subscribeAckSchema.safeParse(raw);
        const answer = ack.success && ack.data.ok ? ack.data : null;
        // Before the first event, a reconnect resumes from where this subscription started.
        if (answer) lastSeq ??= answer.from ?? null;
        h.onLive(answer ? "connected" : "offline");
      });
    });
    s.on("disconnect", (reason) => {
      if (stopped) return;
      if (reason === "io server disconnect") s.connect();
      h.onLive("reconnecting");
    });
    s.on("connect_error", () => {
      if (!stopped) h.onLive(s.active ? "reconnecting" : "offline");
    });
    s.on(SOCKET_EVENTS.taskEvent, (raw: unknown) => {
      const parsed = taskEventSchema.safeParse(raw);
      if (!parsed.success || parsed.data.taskId !== taskId || stopped) return;
      onEvent(parsed.data);
    });
    // Events were trimmed before they could be replayed: the stored state says where it is.
    s.on(SOCKET_EVENTS.gap, () => void read());
  };

  h.onPhase("submitting");
  api.tasks.submit
    .mutate({ type: "rag.query", payload: { collection: req.collection, query: req.query, k: req.k }, priority: "critical" })
    .then(async (submitted) => {
      if (stopped) return;
      taskId = submitted.id;
      h.onTask(submitted.id);
      h.onPhase("queued");
      // Its creation time places the replay; a read that fails leaves live events only (and the poll).
      const task = await read();
      if (task && !finished && !stopped) {
        const created = Date.parse(task.createdAt);
        if (Number.isFinite(created)) since = `${Math.max(0, created - CLOCK_SKEW_MS)}-0`;
      }
      if (finished || stopped) return;
      follow();
      poll();
    })
    .catch((err: unknown) => {
      if (!stopped) finish(() => h.onFailure(submitFailure(err)));
    });

  return { stop };
}
