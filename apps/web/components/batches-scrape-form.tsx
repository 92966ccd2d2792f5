"use client";

import Link from "next/link";
import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { MAX_SCRAPE_BATCH_URLS } from "@switchyard/shared/batches";
import { PRIORITIES, type Priority } from "@switchyard/shared/priorities";
import { fieldIssuesOf } from "../lib/batch-issues";
import { batchHref } from "../lib/batch-page";
import { describeIssues, urlLines, type FormProblem, type ScrapeField } from "../lib/batch-scrape-input";
import { formatInt } from "../lib/format";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { fieldClass, hintClass, labelClass, primaryButton } from "./button-classes";
import { StatusMessage } from "./live-message";
import { TextField } from "./text-field";

/**
 * Start a scrape batch: URLs one per line, a priority (bulk unless chosen) and an optional
 * collection each page's text is ingested into. The API checks every URL; a refusal names the
 * line (its `urls.3` is the fourth URL sent) and marks the field, which takes focus.
 */
export function BatchesScrapeForm(props: { onSubmitted: () => void; onUnauthorized: () => void }) {
  const id = useId();
  const ids = { urls: `${id}-urls`, urlsHint: `${id}-urls-hint`, priority: `${id}-priority`, error: `${id}-error` };
  const [text, setText] = useState("");
  const [priority, setPriority] = useState<Priority>("bulk");
  const [collection, setCollection] = useState("");
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<{ lead: string; items: FormProblem[] } | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: ReactNode } | null>(null);
  const refs = {
    urls: useRef<HTMLTextAreaElement>(null),
    priority: useRef<HTMLSelectElement>(null),
    collection: useRef<HTMLInputElement>(null),
  };
  const invalid = (field: ScrapeField): boolean => problems?.items.some((p) => p.field === field) ?? false;

  function show(lead: string, items: FormProblem[]): void {
    setProblems({ lead, items });
    const first = items.find((p) => p.field !== null)?.field;
    if (first) refs[first].current?.focus();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setProblems(null);
    const lines = urlLines(text);
    if (lines.length === 0) return show("Nothing to scrape.", [{ field: "urls", text: "Enter at least one URL, one per line." }]);
    if (lines.length > MAX_SCRAPE_BATCH_URLS) {
      return show("Too many URLs.", [
        { field: "urls", text: `A batch takes at most ${formatInt(MAX_SCRAPE_BATCH_URLS)} URLs; there are ${formatInt(lines.length)}.` },
      ]);
    }
    const name = collection.trim();
    setBusy(true);
    try {
      const r = await api.batches.scrape.mutate({
        urls: lines.map((l) => l.url),
        priority,
        ...(name ? { ingest: { collection: name } } : {}),
      });
      setText("");
      setCollection("");
      setOutcome((prev) => ({
        seq: (prev?.seq ?? 0) + 1,
        text: (
          <>
            Batch{" "}
            <Link href={batchHref(r.id)} className="font-mono break-all underline underline-offset-2">
              {r.id}
            </Link>{" "}
            started: {formatInt(r.total)} {r.total === 1 ? "URL" : "URLs"} at {r.priority} priority.
          </>
        ),
      }));
      props.onSubmitted();
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      const issues = fieldIssuesOf(err);
      if (issues.length > 0) show("The batch was not started:", describeIssues(issues, lines));
      else setProblems({ lead: `Could not start the batch: ${describeError(err)}.`, items: [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      <div>
        <label htmlFor={ids.urls} className={labelClass}>
          URLs, one per line
        </label>
        <textarea
          ref={refs.urls}
          id={ids.urls}
          name="urls"
          rows={6}
          required
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={invalid("urls") || undefined}
          aria-describedby={`${ids.urlsHint}${invalid("urls") ? ` ${ids.error}` : ""}`}
          className={`${fieldClass} font-mono text-xs`}
        />
        <p id={ids.urlsHint} className={hintClass}>
          http or https, up to {formatInt(MAX_SCRAPE_BATCH_URLS)}. Blank lines are skipped. Each URL becomes one scrape task.
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <div>
          <label htmlFor={ids.priority} className={labelClass}>
            Priority
          </label>
          <select
            ref={refs.priority}
            id={ids.priority}
            name="priority"
            value={priority}
            onChange={(e) => setPriority(e.target.value as Priority)}
            aria-invalid={invalid("priority") || undefined}
            aria-describedby={invalid("priority") ? ids.error : undefined}
            className={fieldClass}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <TextField
          inputRef={refs.collection}
          label="Ingest into collection (optional)"
          name="collection"
          maxLength={63}
          mono
          hint="Each page's text is added to this collection, created if new."
          value={collection}
          onChange={setCollection}
          invalid={invalid("collection")}
          errorId={ids.error}
        />
      </div>
      {/* As AlertMessage, but the issues are a list (which may not sit in its paragraph). */}
      <div id={ids.error} role="alert" className="empty:hidden">
        {problems ? (
          <div className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            <p>{problems.lead}</p>
            {problems.items.length > 0 ? (
              <ul className="mt-1 list-disc space-y-0.5 pl-5 break-words" data-issues="">
                {problems.items.map((p, i) => (
                  <li key={i}>{p.text}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
      <button type="submit" className={primaryButton} aria-disabled={busy || undefined}>
        {busy ? "Starting…" : "Start batch"}
      </button>
    </form>
  );
}
