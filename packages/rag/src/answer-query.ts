import { NotFoundError, type Progress, type RagAnswer, type RagQueryPayload } from "@switchyard/shared";
import { chatAnswer, chatMessages } from "./chat-answer.js";
import { extractiveAnswer } from "./extractive-answer.js";
import type { DependencyCall, RagDeps } from "./rag-deps.js";

export interface QueryRun {
  signal: AbortSignal;
  call: DependencyCall;
  /** Stage reports and streamed chat tokens (`delta`); absent: none are sent. */
  progress?: (p: Progress) => Promise<void>;
  /** Least time between two streamed-token reports (each is a Redis write); default 50 ms. */
  streamIntervalMs?: number;
}

/** rag.query: embed the question → top k in the collection (with the filter) → answer with citations. */
export async function answerQuery(deps: RagDeps, q: RagQueryPayload, run: QueryRun): Promise<RagAnswer> {
  const [vector] = await run.call("gpu-runner", (signal) => deps.embed([q.query], AbortSignal.any([signal, run.signal])));
  if (!vector) throw new Error("the embedding backend returned no vector");
  const hits = await run.call("chroma", () => deps.store.query(q.collection, vector, q.k, q.filter));
  if (hits === null) throw new NotFoundError(`collection "${q.collection}"`);
  if (!deps.chat || hits.length === 0) return extractiveAnswer(q.query, hits);

  const chat = deps.chat;
  await run.progress?.({ percent: 40, message: `found ${hits.length} passages; asking ${chat.model}` });
  const stream = tokenStream(run);
  const text = await run.call("openai", (signal) =>
    chat.complete(chatMessages(q.query, hits), { signal: AbortSignal.any([signal, run.signal]), onDelta: stream.push }),
  );
  await stream.flush();
  return chatAnswer(text, hits, chat.model);
}

/**
 * Streamed tokens as progress events: pieces are gathered and sent at most every
 * `streamIntervalMs`, one report at a time and in order, so a subscriber appends them.
 */
function tokenStream(run: QueryRun): { push: (text: string) => void; flush: () => Promise<void> } {
  const intervalMs = run.streamIntervalMs ?? 50;
  let pending = "";
  let chain: Promise<void> = Promise.resolve();
  let lastAt = Number.NEGATIVE_INFINITY;
  const send = (): void => {
    if (!run.progress || pending === "") return;
    const delta = pending;
    pending = "";
    lastAt = performance.now();
    const report = run.progress;
    // Progress is advisory: a failed write must not fail the answer.
    chain = chain.then(() => report({ percent: 60, delta })).catch(() => undefined);
  };
  return {
    push: (text) => {
      pending += text;
      if (pending.length >= 2_000 || performance.now() - lastAt >= intervalMs) send();
    },
    flush: async () => {
      send();
      await chain;
    },
  };
}
