import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
// Types only: nothing from the server (ioredis, Prisma, BullMQ) reaches the browser bundle.
import type { AppRouter } from "@switchyard/api";
import { getToken } from "./token-store";

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * A tRPC client for /api/trpc (same origin, plain JSON, no transformer). Every request
 * carries `Authorization: Bearer <token>`, read from `token()` at request time.
 */
export function createApiClient(token: () => string | null = getToken) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/api/trpc",
        headers() {
          const t = token();
          return t ? { authorization: `Bearer ${t}` } : {};
        },
      }),
    ],
  });
}

/** The dashboard's client: the token comes from the session's token store. */
export const api = createApiClient();

/** True when the server refused the token (HTTP 401 / tRPC UNAUTHORIZED). */
export function isUnauthorized(err: unknown): boolean {
  if (!(err instanceof TRPCClientError)) return false;
  const data: unknown = err.data;
  if (typeof data !== "object" || data === null) return false;
  const d = data as { code?: unknown; httpStatus?: unknown };
  return d.code === "UNAUTHORIZED" || d.httpStatus === 401;
}

/** A short message for an operator; never includes the token. */
export function describeError(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as { httpStatus?: unknown } | undefined;
    const status = typeof data?.httpStatus === "number" ? ` (HTTP ${data.httpStatus})` : "";
    return `${err.message || "request failed"}${status}`;
  }
  if (err instanceof TypeError) return "the server could not be reached";
  return err instanceof Error ? err.message : "request failed";
}
