"use client";

import Link from "next/link";
import { collectionHref } from "../lib/collections";
import { isRunning, type RagSearchState } from "../lib/use-rag-search";
import { AlertMessage } from "./live-message";
import { sectionText } from "./table-classes";

const score = new Intl.NumberFormat("en", { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** What the search is doing, in a few words (the polite status line reads these). */
function progressWords(state: RagSearchState): string {
  const where = state.request ? ` in ${state.request.collection}` : "";
  // Tokens arriving say more than a phase read a moment earlier.
  if (state.streamed && (state.phase === "queued" || state.phase === "active")) return "Writing the answer…";
  switch (state.phase) {
    case "submitting":
      return `Sending the question${where}…`;
    case "queued":
      return `Waiting for a rag worker${where}…`;
    case "retrying":
      return "The attempt failed; waiting to try again…";
    case "active":
      return state.message ? `${state.message[0]?.toUpperCase() ?? ""}${state.message.slice(1)}…` : `Searching${where}…`;
    case "done":
      return state.answer
        ? `Answer ready (${state.answer.mode === "chat" ? "chat model" : "extractive"}), ${state.answer.citations.length} ${state.answer.citations.length === 1 ? "citation" : "citations"}.`
        : "";
    default:
      return "";
  }
}

function ModeLabel({ mode, model }: { mode: "chat" | "extractive"; model: string | undefined }) {
  return mode === "chat" ? (
    <p data-mode="chat" className="inline-flex flex-wrap items-center gap-2 text-sm text-slate-800 dark:text-slate-100">
      <span className="rounded-full bg-blue-100 px-2 py-0.5 text-xs font-semibold text-blue-900 dark:bg-blue-950 dark:text-blue-100">Chat</span>
      Written by the chat model{model ? ` ${model}` : ""} from the cited passages.
    </p>
  ) : (
    <p data-mode="extractive" className="inline-flex flex-wrap items-center gap-2 text-sm text-slate-800 dark:text-slate-100">
      <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-900 dark:bg-slate-700 dark:text-white">Extractive</span>
      Quoted from the best-matching passages (no chat model is configured, or nothing matched).
    </p>
  );
}

/**
 * The answer to a question: a status line, the answer text (a polite live region, busy while the
 * chat model streams into it, so a screen reader reads it once it is whole), its mode, and the
 * citations it marks [n]. The region exists before the first question, so its content is announced.
 */
export function CollectionsAnswer({ state, headingId }: { state: RagSearchState; headingId: string }) {
  const running = isRunning(state);
  const answer = state.phase === "done" ? state.answer : null;
  const text = answer ? answer.answer : state.streamed;
  return (
    <div className="space-y-3">
      <p role="status" aria-live="polite" aria-atomic="true" data-search-status="" className={`${sectionText} empty:hidden`}>
        {progressWords(state)}
      </p>
      {state.taskId ? (
        <p className={sectionText}>
          Asked as task{" "}
          <Link href={`/tasks/${encodeURIComponent(state.taskId)}`} className="font-mono break-all text-blue-800 underline underline-offset-2 dark:text-blue-300">
            {state.taskId}
          </Link>
          {state.live && running ? ` · live updates: ${state.live}` : ""}
        </p>
      ) : null}

      {state.phase === null ? <p className={sectionText}>Ask a question to see its answer and the passages it cites here.</p> : null}
      <AlertMessage>{state.phase === "failed" ? state.failure?.message : null}</AlertMessage>

      {/* Always there (empty until a question), so what is written into it is announced. */}
      <div aria-live="polite" aria-busy={running || undefined} data-answer="" className="aria-busy:cursor-progress">
        {state.phase !== "failed" && text ? (
          <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm break-words whitespace-pre-wrap text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100">
            {text}
          </p>
        ) : null}
      </div>

      {answer ? (
        <>
          <ModeLabel mode={answer.mode} model={answer.model} />
          <div>
            <h4 id={`${headingId}-citations`} className="text-sm font-semibold text-slate-900 dark:text-white">
              Citations
            </h4>
            {answer.citations.length === 0 ? (
              <p className={`${sectionText} mt-1`}>No passage of the collection matched the question.</p>
            ) : (
              <ol aria-labelledby={`${headingId}-citations`} className="mt-2 space-y-3">
                {answer.citations.map((c, i) => (
                  <li
                    key={`${c.documentId}#${c.chunkIndex}`}
                    data-citation={c.documentId}
                    className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
                  >
                    <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-slate-900 dark:text-slate-100">
                      <span className="font-semibold">[{i + 1}]</span>
                      <span className="font-semibold">{c.title ?? c.documentId}</span>
                      {state.request ? (
                        <Link
                          href={`${collectionHref(state.request.collection)}#document-${encodeURIComponent(c.documentId)}`}
                          className="font-mono text-xs break-all text-blue-800 underline underline-offset-2 dark:text-blue-300"
                        >
                          {c.documentId}
                        </Link>
                      ) : (
                        <span className="font-mono text-xs break-all">{c.documentId}</span>
                      )}
                      <span className="text-xs text-slate-700 dark:text-slate-200">
                        chunk <span data-chunk="">{c.chunkIndex}</span> · score <span data-score="">{score.format(c.score)}</span>
                      </span>
                    </p>
                    <blockquote className="mt-1 border-l-2 border-slate-300 pl-3 break-words whitespace-pre-wrap text-slate-800 dark:border-slate-600 dark:text-slate-100">
                      {c.text}
                    </blockquote>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}
