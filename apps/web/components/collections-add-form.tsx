"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { isTerminalStatus } from "@switchyard/shared/task-status";
import { collectionHref, collectionNameProblem, documentIdProblem } from "../lib/collections";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { fieldClass, labelClass, primaryButton } from "./button-classes";
import { AlertMessage, StatusMessage } from "./live-message";
import { TextField } from "./text-field";

type Field = "collection" | "id" | "text";

/** How often an ingest task is read until it is done (the list then shows the document): from 1.5 s, slower while it waits. */
const FOLLOW_MS = 1_500;
const FOLLOW_MAX_MS = 10_000;

const taskLink = (id: string): ReactNode => (
  <Link href={`/tasks/${encodeURIComponent(id)}`} className="font-mono break-all underline underline-offset-2">
    {id}
  </Link>
);

/**
 * Add one document (id, optional title, text) to a collection, created on first use: an
 * ingest.document task (chunked, embedded, stored). The task is followed until it is done, so
 * the outcome says how many chunks it became, and `onIngested` refreshes the page's lists.
 */
export function CollectionsAddForm(props: { collection?: string; onIngested: () => void; onUnauthorized: () => void }) {
  const id = useId();
  const ids = { error: `${id}-error`, text: `${id}-text` };
  const [collection, setCollection] = useState("");
  const [docId, setDocId] = useState("");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: ReactNode; field?: Field } | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: ReactNode } | null>(null);
  const refs = { collection: useRef<HTMLInputElement>(null), id: useRef<HTMLInputElement>(null), text: useRef<HTMLTextAreaElement>(null) };
  const alive = useRef(true);
  const callbacks = useRef({ onIngested: props.onIngested });
  useEffect(() => {
    callbacks.current = { onIngested: props.onIngested };
  });
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const announce = (node: ReactNode): void => setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text: node }));

  function invalid(field: Field, message: string): void {
    setError({ text: message, field });
    refs[field].current?.focus();
  }

  /** Reads the ingest task until it is final, then says how it ended. */
  async function follow(taskId: string, name: string, documentId: string): Promise<void> {
    for (let delay = FOLLOW_MS; alive.current; delay = Math.min(delay * 1.5, FOLLOW_MAX_MS)) {
      await new Promise((r) => setTimeout(r, delay));
      if (!alive.current) return;
      const task = await api.tasks.get.query({ id: taskId }).catch(() => null);
      if (!task || !isTerminalStatus(task.status)) continue;
      if (task.status === "completed") {
        const chunks = (task.result as { chunks?: unknown } | null)?.chunks;
        announce(
          <>
            Document “{documentId}” ingested into {name}
            {typeof chunks === "number" ? `: ${chunks} ${chunks === 1 ? "chunk" : "chunks"}` : ""}.
          </>,
        );
      } else {
        setError({ text: <>Ingesting “{documentId}” did not complete ({task.status}): {task.error ?? "no reason recorded"}. Task {taskLink(taskId)}.</> });
      }
      callbacks.current.onIngested();
      return;
    }
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const name = props.collection ?? collection.trim();
    const documentId = docId.trim();
    const nameProblem = props.collection ? null : collectionNameProblem(name);
    if (nameProblem) return invalid("collection", name ? nameProblem : "Name the collection (it is created if it does not exist).");
    if (!documentId) return invalid("id", "Give the document an id (re-using one replaces that document).");
    const idProblem = documentIdProblem(documentId);
    if (idProblem) return invalid("id", idProblem);
    if (!text.trim()) return invalid("text", "Paste the document's text.");
    setBusy(true);
    try {
      const r = await api.collections.addDocuments.mutate({
        name,
        documents: { id: documentId, text, ...(title.trim() ? { title: title.trim() } : {}) },
      });
      const task = r.tasks[0];
      setDocId("");
      setTitle("");
      setText("");
      announce(
        <>
          Document “{documentId}” queued for ingestion into{" "}
          {props.collection ? name : <Link href={collectionHref(name)} className="underline underline-offset-2">{name}</Link>}
          {task ? <> as task {taskLink(task.id)}</> : null}. It is listed once it is chunked and embedded.
        </>,
      );
      if (task) void follow(task.id, name, documentId);
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setError({ text: `Could not add the document: ${describeError(err)}.` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {props.collection ? null : (
          <TextField
            inputRef={refs.collection}
            label="Collection"
            name="collectionName"
            maxLength={63}
            required
            mono
            hint="3–63 letters, digits, “.”, “_” or “-”. Created if new."
            value={collection}
            onChange={setCollection}
            invalid={error?.field === "collection"}
            errorId={ids.error}
          />
        )}
        <TextField
          inputRef={refs.id}
          label="Document id"
          name="documentId"
          maxLength={200}
          required
          mono
          hint="No spaces or “#”. An existing id is replaced."
          value={docId}
          onChange={setDocId}
          invalid={error?.field === "id"}
          errorId={ids.error}
        />
        <TextField label="Title (optional)" name="documentTitle" maxLength={500} value={title} onChange={setTitle} />
      </div>
      <div>
        <label htmlFor={ids.text} className={labelClass}>
          Text
        </label>
        <textarea
          ref={refs.text}
          id={ids.text}
          name="documentText"
          rows={5}
          required
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error?.field === "text" || undefined}
          aria-describedby={error?.field === "text" ? ids.error : undefined}
          className={fieldClass}
        />
      </div>
      <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
      <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
      <button type="submit" className={primaryButton} aria-disabled={busy || undefined}>
        {busy ? "Adding…" : "Add document"}
      </button>
    </form>
  );
}
