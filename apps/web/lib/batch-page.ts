import type { api } from "./trpc-client";

/** One page of tRPC `batches.list`, typed as it arrives over the wire (JSON, no transformer). */
export type BatchListPage = Awaited<ReturnType<typeof api.batches.list.query>>;

/** One batch as the list shows it. */
export type BatchRow = BatchListPage["items"][number];

/** One batch with its children's counts, a page of results and the first failures (tRPC `batches.get`). */
export type BatchDetail = Awaited<ReturnType<typeof api.batches.get.query>>;

export type BatchResultItem = BatchDetail["results"][number];
export type BatchFailure = BatchDetail["failures"][number];

/** The answer of tRPC `batches.cancel`. */
export type BatchCancelOutcome = Awaited<ReturnType<typeof api.batches.cancel.mutate>>;

/** The list's page sizes (the API takes at most 100); 20 is the API's own default. */
export const BATCH_PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_BATCH_PAGE_SIZE = 20;

/** Children per page of results: small, since an embed batch's results are whole embeddings. */
export const BATCH_RESULTS_PAGE = 25;

/** Ids are path-safe (letters, digits, `_`, `:`, `-`), but links encode them like the task links do. */
export function batchHref(id: string): string {
  return `/batches/${encodeURIComponent(id)}`;
}

export function taskHref(id: string): string {
  return `/tasks/${encodeURIComponent(id)}`;
}

/** What a batch's children are called in sentences. */
export function childNoun(kind: BatchRow["kind"], n: number): string {
  if (kind === "scrape") return n === 1 ? "page" : "pages";
  return n === 1 ? "child task" : "child tasks";
}

/** The progress to show: a live event's when it is at least as far as the read one (a batch's percent only grows). */
export function latestProgress(
  read: BatchRow["progress"],
  live: { percent: number; message: string | null } | undefined,
): BatchRow["progress"] {
  if (!live || live.percent < read.percent) return read;
  return { percent: live.percent, message: live.message ?? read.message };
}
