import type { TaskEvent, TaskView } from "@switchyard/shared";
import type { ApiClient } from "./api-client.js";
import { CliError, EXIT, InterruptedError } from "./exit-codes.js";
import { openLiveSocket } from "./live-socket.js";
import { getTask, isFinished } from "./task-api.js";

export interface WaitOptions {
  api: ApiClient;
  url: string;
  token: string | undefined;
  taskId: string;
  signal: AbortSignal;
  /** Safety-net poll interval: a missed event can never leave the wait hanging. */
  pollMs?: number;
  onTask?: (task: TaskView) => void;
  onEvent?: (event: TaskEvent) => void;
  onNotice?: (message: string) => void;
}

/** Kinds after which the task's state is read again at once. */
const STATE_CHANGES = new Set(["active", "completed", "failed", "retrying", "stalled", "removed"]);

/**
 * Follow a task until it is completed, dead or cancelled: live events over socket.io (resumed
 * by sequence number after a reconnect) drive the display, and every state change is confirmed
 * with GET /tasks/:id, which is also polled on a timer. Resolves with the final task view.
 */
export function waitForTask(options: WaitOptions): Promise<TaskView> {
  const pollMs = options.pollMs ?? 2_000;
  return new Promise<TaskView>((resolve, reject) => {
    let done = false;
    let checking = false;
    let again = false;
    let unavailableNoted = false;

    const finish = (err: Error | null, task?: TaskView): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      options.signal.removeEventListener("abort", onAbort);
      live.close();
      if (err) reject(err);
      else resolve(task!);
    };

    const check = async (): Promise<void> => {
      if (done) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          const task = await getTask(options.api, options.taskId);
          if (done) return;
          unavailableNoted = false;
          options.onTask?.(task);
          if (isFinished(task)) return finish(null, task);
        } while (again && !done);
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.unavailable) {
          // Keep waiting through a restart or a rate limit; the next poll tries again.
          if (!unavailableNoted) options.onNotice?.(`${err.message}; still waiting`);
          unavailableNoted = true;
        } else {
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      } finally {
        checking = false;
      }
    };

    const onAbort = (): void => finish(new InterruptedError());
    options.signal.addEventListener("abort", onAbort, { once: true });

    const live = openLiveSocket({
      url: options.url,
      token: options.token,
      targets: [{ kind: "task", taskId: options.taskId }],
      onEvent: (ev) => {
        options.onEvent?.(ev);
        if (STATE_CHANGES.has(ev.kind)) void check();
      },
      // Whatever happened before the subscription took effect is read, not awaited.
      onSubscribed: () => void check(),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
      onFatal: (err) => {
        // Live events are a convenience; polling carries on without them.
        options.onNotice?.(`${err.message}; following by polling instead`);
      },
    });
    const timer = setInterval(() => void check(), pollMs);
    if (options.signal.aborted) onAbort();
    else void check();
  });
}
