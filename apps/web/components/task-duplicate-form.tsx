"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { prettyJson, type TaskDetail } from "../lib/task-page";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { fieldBase, hintClass, labelClass, primaryButton, secondaryButton } from "./button-classes";
import { card } from "./table-classes";

/**
 * "Duplicate": the task's payload as editable JSON, submitted as a new task of the same type,
 * pool and priority; on success the page moves to the new task.
 */
export function TaskDuplicateForm(props: { task: TaskDetail; onClose: () => void; onUnauthorized: () => void }) {
  const { task } = props;
  const router = useRouter();
  const [text, setText] = useState(() => prettyJson(task.payload ?? {}));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (err) {
      setError(`Payload is not valid JSON: ${err instanceof Error ? err.message : "parse error"}.`);
      fieldRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.tasks.submit.mutate({ type: task.type, payload, pool: task.pool, priority: task.priority });
      router.push(`/tasks/${encodeURIComponent(r.id)}`);
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setError(`Could not submit the new task: ${describeError(err)}.`);
      fieldRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form aria-labelledby={`${id}-heading`} onSubmit={(e) => void onSubmit(e)} className={`${card} space-y-3`}>
      <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900 dark:text-white">
        Duplicate as a new task
      </h2>
      <div>
        <label htmlFor={`${id}-payload`} className={labelClass}>
          Payload (JSON)
        </label>
        <textarea
          ref={fieldRef}
          id={`${id}-payload`}
          name="payload"
          rows={Math.min(16, Math.max(4, text.split("\n").length + 1))}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint ${id}-error`}
          className={`${fieldBase} mt-1 block w-full font-mono text-xs`}
        />
        <p id={`${id}-hint`} className={hintClass}>
          A new {task.type} task in pool {task.pool} at {task.priority} priority; the payload is checked against the type&apos;s schema.
        </p>
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-800 empty:hidden dark:text-red-300">
          {error}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={primaryButton} aria-disabled={busy || undefined}>
          {busy ? "Submitting…" : "Submit new task"}
        </button>
        <button type="button" className={secondaryButton} onClick={props.onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
