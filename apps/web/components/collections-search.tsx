"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { isRunning, useRagSearch } from "../lib/use-rag-search";
import { useAuth } from "./auth-provider";
import { fieldBase, fieldClass, hintClass, labelClass, primaryButton } from "./button-classes";
import { CollectionsAnswer } from "./collections-answer";
import { AlertMessage } from "./live-message";
import { Notice } from "./notice";
import { card, sectionHeading, sectionText } from "./table-classes";

const MIN_K = 1;
const MAX_K = 50;
const DEFAULT_K = 5;

/**
 * Ask a question over a collection (one fixed collection, or a choice of them): a real RAG query.
 * With tasks:submit it runs as a rag.query task followed live (a chat model's tokens stream into
 * the answer); with rag:query alone through the synchronous operation. Roles without rag:query
 * (viewers) see why there is no search instead of a form.
 */
export function CollectionsSearch(props: { collection?: string; collections?: readonly string[] }) {
  const { token, can, session, signOut } = useAuth();
  const id = useId();
  const ids = { heading: `${id}-heading`, answer: `${id}-answer`, error: `${id}-error`, collection: `${id}-collection`, query: `${id}-query`, k: `${id}-k`, kHint: `${id}-k-hint` };
  const choices = props.collections ?? [];
  const [chosen, setChosen] = useState<string>("");
  const [query, setQuery] = useState("");
  const [k, setK] = useState(String(DEFAULT_K));
  const [error, setError] = useState<{ text: string; field: "query" | "k" | "collection" } | null>(null);
  const queryRef = useRef<HTMLTextAreaElement>(null);
  const kRef = useRef<HTMLInputElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const search = useRagSearch({ token: token ?? null, viaTask: can("tasks:submit"), onUnauthorized: () => signOut("rejected") });
  const running = isRunning(search.state);
  // A chosen collection that vanished from the list stays chosen (and listed): asking then says it
  // is gone, rather than the question silently going to another collection.
  const collection = props.collection ?? (chosen || (choices[0] ?? ""));
  const options = chosen && !choices.includes(chosen) ? [...choices, chosen] : choices;
  const allowed = can("rag:query");

  function onSubmit(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    if (running) return;
    setError(null);
    if (!collection) {
      setError({ text: "Choose a collection to ask.", field: "collection" });
      selectRef.current?.focus();
      return;
    }
    const q = query.trim();
    if (!q) {
      setError({ text: "Type a question first.", field: "query" });
      queryRef.current?.focus();
      return;
    }
    const n = Number(k);
    if (!/^\d+$/.test(k.trim()) || n < MIN_K || n > MAX_K) {
      setError({ text: `Passages must be a whole number from ${MIN_K} to ${MAX_K}.`, field: "k" });
      kRef.current?.focus();
      return;
    }
    search.ask({ collection, query: q, k: n });
  }

  return (
    <section aria-labelledby={ids.heading} className={`${card} space-y-4`} data-search="">
      <div>
        <h2 id={ids.heading} className={sectionHeading}>
          {props.collection ? "Ask this collection" : "Ask a collection"}
        </h2>
        <p className={sectionText}>
          The question is embedded, the closest passages are found, and the answer cites them. With a chat model configured the
          answer is written as it streams in; without one the best-matching sentences are quoted.
        </p>
      </div>

      {!allowed ? (
        <Notice>
          <p data-search-unavailable="">
            Asking questions needs the rag:query permission, which your role{session ? ` (${session.user.role})` : ""} does not
            have. Submitters, operators and administrators can ask.
          </p>
        </Notice>
      ) : !props.collection && choices.length === 0 ? (
        <p className={sectionText}>There is no collection to ask yet.</p>
      ) : (
        <>
          <form noValidate onSubmit={onSubmit} className="space-y-4" aria-labelledby={ids.heading}>
            <div className="grid gap-4 sm:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
              {props.collection ? null : (
                <div>
                  <label htmlFor={ids.collection} className={labelClass}>
                    Collection
                  </label>
                  <select
                    ref={selectRef}
                    id={ids.collection}
                    name="collection"
                    value={collection}
                    onChange={(e) => setChosen(e.target.value)}
                    aria-invalid={error?.field === "collection" || undefined}
                    aria-describedby={error?.field === "collection" ? ids.error : undefined}
                    className={fieldClass}
                  >
                    {options.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div className={props.collection ? "sm:col-span-2" : undefined}>
                <label htmlFor={ids.query} className={labelClass}>
                  Question
                </label>
                <textarea
                  ref={queryRef}
                  id={ids.query}
                  name="query"
                  rows={2}
                  maxLength={4_000}
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  onKeyDown={(e) => {
                    // Enter asks (as in a search box); Shift+Enter starts a new line.
                    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                      e.preventDefault();
                      e.currentTarget.form?.requestSubmit();
                    }
                  }}
                  aria-invalid={error?.field === "query" || undefined}
                  aria-describedby={error?.field === "query" ? ids.error : undefined}
                  className={fieldClass}
                />
              </div>
            </div>
            <div className="flex flex-wrap items-end gap-4">
              <div>
                <label htmlFor={ids.k} className={labelClass}>
                  Passages to use
                </label>
                <input
                  ref={kRef}
                  id={ids.k}
                  name="k"
                  type="number"
                  inputMode="numeric"
                  min={MIN_K}
                  max={MAX_K}
                  step={1}
                  value={k}
                  onChange={(e) => setK(e.target.value)}
                  aria-invalid={error?.field === "k" || undefined}
                  aria-describedby={error?.field === "k" ? `${ids.kHint} ${ids.error}` : ids.kHint}
                  className={`${fieldBase} mt-1 block w-24`}
                />
              </div>
              <button type="submit" className={primaryButton} aria-disabled={running || undefined}>
                {running ? "Asking…" : "Ask"}
              </button>
            </div>
            <p id={ids.kHint} className={hintClass}>
              Passages: how many of the closest chunks the answer may cite, {MIN_K} to {MAX_K}.
            </p>
            <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
          </form>

          <div className="space-y-2">
            <h3 id={ids.answer} className="text-base font-semibold text-slate-900 dark:text-white">
              Answer
            </h3>
            <CollectionsAnswer state={search.state} headingId={ids.answer} />
          </div>
        </>
      )}
    </section>
  );
}
