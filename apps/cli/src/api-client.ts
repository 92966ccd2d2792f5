import type { z } from "zod";
import { ApiError } from "./api-error.js";
import { CliError, EXIT, InterruptedError } from "./exit-codes.js";
import { CLI_VERSION } from "./version.js";

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses outside 2xx whose body is a normal answer (e.g. 503 from /health). */
  acceptStatus?: readonly number[];
}

/** The REST API (/api/v1) over fetch: bearer token, JSON in and out, errors as ApiError. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | undefined,
    private readonly signal: AbortSignal,
  ) {}

  get<S extends z.ZodType>(schema: S, path: string, query?: Query): Promise<z.infer<S>> {
    return this.request(schema, "GET", path, query ? { query } : {});
  }

  post<S extends z.ZodType>(schema: S, path: string, body?: unknown, headers?: Record<string, string>): Promise<z.infer<S>> {
    return this.request(schema, "POST", path, { body: body ?? {}, ...(headers ? { headers } : {}) });
  }

  patch<S extends z.ZodType>(schema: S, path: string, body: unknown): Promise<z.infer<S>> {
    return this.request(schema, "PATCH", path, { body });
  }

  /** PUT, POST and PATCH always carry a JSON body (`{}` when there is nothing to send): the API requires one. */
  put<S extends z.ZodType>(schema: S, path: string, body?: unknown): Promise<z.infer<S>> {
    return this.request(schema, "PUT", path, { body: body ?? {} });
  }

  delete<S extends z.ZodType>(schema: S, path: string): Promise<z.infer<S>> {
    return this.request(schema, "DELETE", path, {});
  }

  async request<S extends z.ZodType>(schema: S, method: string, path: string, options: RequestOptions = {}): Promise<z.infer<S>> {
    const { status, body } = await this.raw(method, path, options);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new CliError(
        `unexpected answer from ${method} ${path} (HTTP ${status}); is the CLI the same version as the server?`,
        EXIT.failure,
        parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`),
      );
    }
    return parsed.data;
  }

  /** One request; the parsed JSON body. Throws ApiError outside 2xx (and acceptStatus). */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; body: unknown }> {
    const res = await this.send(method, path, options);
    const parsed = await this.readBody(res);
    if (res.ok || options.acceptStatus?.includes(res.status)) return { status: res.status, body: parsed };
    throw ApiError.fromResponse(res.status, parsed, res.headers.get("retry-after"));
  }

  /**
   * A GET whose answer is a stream (the audit export): the Response with its body unread, for
   * the caller to pipe. Outside 2xx the (small, JSON) error body is read and thrown as ApiError.
   */
  async stream(path: string, accept: string, query?: Query): Promise<Response> {
    const res = await this.send("GET", path, { headers: { accept }, ...(query ? { query } : {}) });
    if (res.ok) return res;
    throw ApiError.fromResponse(res.status, await this.readBody(res), res.headers.get("retry-after"));
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: "application/json", "user-agent": `switchyard-cli/${CLI_VERSION}`, ...options.headers };
    if (this.token) headers["authorization"] = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    try {
      return await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: this.signal });
    } catch (err) {
      throw this.networkError(err);
    }
  }

  /** The body as JSON, or as text when it is not JSON (a proxy's error page), kept for the message. */
  private async readBody(res: Response): Promise<unknown> {
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw this.networkError(err);
    }
    if (text === "") return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  /** For callers that read a streamed body themselves: a broken connection as the CLI reports it. */
  networkError(err: unknown): CliError {
    if (this.signal.aborted) return new InterruptedError();
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    return new CliError(`cannot reach ${this.baseUrl}: ${why}`, EXIT.unavailable, [
      "hint: is the server running? Set the address with --url, SWITCHYARD_URL or the config file",
    ]);
  }
}
