import { EmbeddingError } from "@switchyard/ai";
import { NonRetryableError } from "@switchyard/queue";
import { chatErrorStatus } from "@switchyard/rag";
import { ScrapeError } from "@switchyard/scraper";
import { AppError } from "@switchyard/shared";

/**
 * Errors no later attempt can fix become NonRetryableError (dead after one attempt): bad
 * input and missing collections (the platform's own 4xx errors), and 4xx answers of the
 * embedding or chat API other than 408/409/429, and the scraper's refusals (SSRF guard,
 * robots.txt) of a URL to ingest. Everything else stays retryable.
 */
export function asPermanent(err: unknown): unknown {
  if (err instanceof ScrapeError && !err.retryable) return new NonRetryableError(`${err.code}: ${err.message}`);
  if (err instanceof AppError && (err.code === "VALIDATION" || err.code === "NOT_FOUND")) return new NonRetryableError(err.message);
  const status = err instanceof EmbeddingError ? err.status : chatErrorStatus(err);
  if (typeof status === "number" && status >= 400 && status < 500 && ![408, 409, 429].includes(status)) {
    return new NonRetryableError(err instanceof Error ? err.message : String(err));
  }
  return err;
}
