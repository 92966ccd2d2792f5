"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { normaliseTaskId } from "../lib/task-filter";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { fieldBase, labelClass, secondaryButton } from "./button-classes";

/** "Open a task by id": a full id goes straight to its page; an unknown one is said so beside the field. */
export function TaskExplorerLookup(props: { onUnauthorized: () => void }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const taskId = normaliseTaskId(text);
    if (!taskId) {
      setError("Enter a whole task id: letters, digits, - and _ only.");
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.tasks.get.query({ id: taskId });
      router.push(`/tasks/${encodeURIComponent(taskId)}`);
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      const notFound = (err as { data?: { httpStatus?: unknown } }).data?.httpStatus === 404;
      setError(notFound ? `No task has the id ${taskId}.` : `Could not look the task up: ${describeError(err)}.`);
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 grow sm:max-w-md">
        <label htmlFor={`${id}-id`} className={labelClass}>
          Open a task by id
        </label>
        <input
          ref={inputRef}
          id={`${id}-id`}
          name="id"
          type="text"
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-error`}
          className={`${fieldBase} mt-1 block w-full font-mono`}
        />
      </div>
      <button type="submit" className={secondaryButton} aria-disabled={busy || undefined}>
        {busy ? "Looking up…" : "Open task"}
      </button>
      <p id={`${id}-error`} role="alert" className="w-full text-sm text-red-800 empty:hidden dark:text-red-300">
        {error}
      </p>
    </form>
  );
}
