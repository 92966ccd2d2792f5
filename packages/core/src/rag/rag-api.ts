import type { ChromaStore } from "@switchyard/rag";
import { UnavailableError } from "@switchyard/shared";
import type { TaskWaiter } from "../tasks/task-waiter.js";

/** What the collection and RAG operations need besides the platform. */
export interface RagApi {
  store: ChromaStore;
  /** Waits for rag.query tasks (the synchronous endpoint). */
  waiter: TaskWaiter;
  /**
   * Whether documents may be given as a URL: ingestion fetches them through the scraper, which
   * must be wired into the workers first. False: such documents are refused with a 400.
   */
  acceptsUrls: boolean;
}

export function ragOf(ctx: { rag?: RagApi | null }): RagApi {
  if (!ctx.rag) throw new UnavailableError("collections and RAG are not configured on this server (CHROMA_URL)");
  return ctx.rag;
}

/** A Chroma call from the API process: Chroma unreachable or failing is a 503, not a 500. */
export async function chroma<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UnavailableError(`chroma is unavailable: ${message.slice(0, 200)}`);
  }
}
