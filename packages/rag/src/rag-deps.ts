import type { TokenCounter } from "@switchyard/ai";
import type { ChatModel } from "./chat-answer.js";
import type { ChromaStore } from "./chroma-store.js";

/** The dependencies a call goes through, each behind its own circuit breaker in a worker. */
export type GuardedDependency = "chroma" | "gpu-runner" | "openai";

/** Runs `fn` through the named dependency's breaker (a task's `ctx.dependency`), or directly. */
export type DependencyCall = <T>(name: GuardedDependency, fn: (signal: AbortSignal) => Promise<T>) => Promise<T>;

/** A page fetched (and made safe) by the scraper; the seam URL ingestion goes through. */
export interface FetchedPage {
  url: string;
  title: string | null;
  /** Readable text, or the page's HTML to be cleaned here. */
  text?: string;
  html?: string;
}
export type FetchPage = (url: string, signal: AbortSignal) => Promise<FetchedPage>;

export interface RagDeps {
  store: ChromaStore;
  /** Embeds texts in order (the GPU runner through @switchyard/ai's client). */
  embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]>;
  /** The embedding model's tokenizer, for chunk sizes. */
  tokens: TokenCounter;
  /** A chat model for answers; null: extractive answers. */
  chat: ChatModel | null;
  /** Fetches a URL through the scraper; null until that is wired (URL ingestion is refused). */
  fetchPage: FetchPage | null;
}

/** Calls every dependency directly (no breaker): the in-process reference path of the benchmark. */
export const direct: DependencyCall = (_name, fn) => fn(new AbortController().signal);
