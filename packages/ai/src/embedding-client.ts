import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { EmbeddingError } from "./embedding-error.js";
import { traceHeaders } from "./trace-headers.js";
import { createOpenAiClient } from "./openai-client.js";

export interface EmbeddingClientOptions {
  /** An OpenAI-compatible API root, e.g. http://127.0.0.1:3001/v1 (the GPU runner) or https://api.openai.com/v1. */
  baseURL: string;
  apiKey: string;
  model: string;
  /** Per request; a timed-out request counts as a failed attempt. */
  timeoutMs: number;
  /** The SDK's own retries of 408/409/429/5xx and connection errors (honouring Retry-After); default 2. */
  maxRetries?: number;
  /** Texts per request (OpenAI and the runner accept 2,048); longer lists go in consecutive requests. */
  maxInputsPerRequest?: number;
}

export interface EmbeddingResult {
  model: string;
  dimension: number;
  /** One vector per text, in the texts' order. */
  embeddings: number[][];
}

export interface EmbeddingClient {
  readonly model: string;
  readonly baseURL: string;
  /** Embed texts; failures are EmbeddingError (kind, HTTP status, retryable). */
  embed(texts: readonly string[], opts?: { signal?: AbortSignal }): Promise<EmbeddingResult>;
}

/**
 * The platform's embedding backend, on the official `openai` client: the GPU runner's
 * OpenAI-compatible API by default, any hosted OpenAI-compatible API by configuration.
 * The SDK asks for base64 vectors (a quarter of the JSON) and decodes them.
 */
export function createEmbeddingClient(options: EmbeddingClientOptions): EmbeddingClient {
  if (options.apiKey === "") throw new EmbeddingError("invalid_request", "no API key for the embedding backend (EMBEDDING_API_KEY)");
  const perRequest = options.maxInputsPerRequest ?? 2_048;
  const client = createOpenAiClient({ baseURL: options.baseURL, apiKey: options.apiKey, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries ?? 2 });

  const request = async (texts: string[], signal: AbortSignal | undefined): Promise<EmbeddingResult> => {
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      // Inside a traced task the request carries its trace context to the backend.
      const headers = traceHeaders();
      const requestOptions = signal || headers ? { ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) } : undefined;
      response = await client.embeddings.create({ model: options.model, input: texts }, requestOptions);
    } catch (err) {
      throw toEmbeddingError(err);
    }
    return readResponse(response, texts.length, options.model);
  };

  return {
    model: options.model,
    baseURL: options.baseURL,
    async embed(texts, opts = {}) {
      if (texts.length === 0) throw new EmbeddingError("invalid_request", "no texts to embed", { param: "input" });
      const all = [...texts];
      if (all.length <= perRequest) return request(all, opts.signal);
      const parts: EmbeddingResult[] = [];
      for (let i = 0; i < all.length; i += perRequest) parts.push(await request(all.slice(i, i + perRequest), opts.signal));
      const first = parts[0] as EmbeddingResult;
      if (parts.some((p) => p.dimension !== first.dimension)) {
        throw new EmbeddingError("invalid_response", "the API returned vectors of different dimensions for one call");
      }
      return { model: first.model, dimension: first.dimension, embeddings: parts.flatMap((p) => p.embeddings) };
    },
  };
}

/** Check the answer's shape and put the vectors in input order as plain number arrays. */
function readResponse(response: OpenAI.Embeddings.CreateEmbeddingResponse, expected: number, requestedModel: string): EmbeddingResult {
  const data: unknown = response?.data;
  if (!Array.isArray(data) || data.length !== expected) {
    throw new EmbeddingError("invalid_response", `expected ${expected} embeddings, got ${Array.isArray(data) ? data.length : "none"}`);
  }
  const embeddings: number[][] = new Array<number[]>(expected);
  let dimension = -1;
  for (const item of data as unknown[]) {
    const index = isRecord(item) ? item["index"] : undefined;
    const vector = isRecord(item) ? item["embedding"] : undefined;
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= expected || embeddings[index]) {
      throw new EmbeddingError("invalid_response", `embedding with a missing, repeated or out-of-range index (${String(index)})`);
    }
    // The SDK decodes base64 answers into Float32Array; a float answer is number[].
    const values = Array.isArray(vector) ? (vector as unknown[]) : vector instanceof Float32Array ? Array.from(vector) : null;
    if (!values || values.some((x) => typeof x !== "number")) throw new EmbeddingError("invalid_response", `embedding ${index} is not a list of numbers`);
    if (dimension === -1) dimension = values.length;
    if (values.length !== dimension || dimension === 0) throw new EmbeddingError("invalid_response", `embedding ${index} has ${values.length} dimensions, expected ${dimension}`);
    embeddings[index] = values as number[];
  }
  return { model: typeof response.model === "string" && response.model ? response.model : requestedModel, dimension, embeddings };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null;
}

/** The SDK's errors (and anything else) as EmbeddingError. */
export function toEmbeddingError(err: unknown): EmbeddingError {
  if (err instanceof EmbeddingError) return err;
  if (err instanceof APIUserAbortError) return new EmbeddingError("aborted", "embedding request aborted", { cause: err });
  if (err instanceof APIConnectionTimeoutError) return new EmbeddingError("timeout", "embedding request timed out", { cause: err });
  if (err instanceof APIConnectionError) return new EmbeddingError("connection", `embedding API unreachable: ${err.message}`, { cause: err });
  if (err instanceof APIError && typeof err.status === "number") {
    const body = isRecord(err.error) ? err.error : {};
    const message = typeof body["message"] === "string" ? body["message"] : err.message;
    return new EmbeddingError("http", `embedding API answered ${err.status}: ${message}`, {
      status: err.status,
      code: typeof err.code === "string" ? err.code : null,
      type: typeof err.type === "string" ? err.type : null,
      param: typeof err.param === "string" ? err.param : null,
      retryAfterSeconds: retryAfter(err.headers),
      cause: err,
    });
  }
  if (err instanceof Error && err.name === "AbortError") return new EmbeddingError("aborted", "embedding request aborted", { cause: err });
  return new EmbeddingError("invalid_response", err instanceof Error ? err.message : String(err), { cause: err });
}

function retryAfter(headers: Headers | undefined): number | null {
  const raw = headers?.get("retry-after");
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
