import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable, type Unsubscribable } from "@trpc/server/observable";
// Types only: nothing from the server (ioredis, Prisma, BullMQ) reaches the browser bundle.
import type { AppRouter } from "@switchyard/api";
import { csrfToken } from "./session-store";
import { requestStepUp } from "./step-up";
import { getToken } from "./token-store";

export type ApiClient = ReturnType<typeof createApiClient>;

/** The application's own error code (MFA_REQUIRED, CSRF_FAILED, …) beside tRPC's, when the server gave one. */
export function appCodeOf(err: unknown): string | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data: unknown = err.data;
  if (typeof data !== "object" || data === null) return null;
  const code = (data as { appCode?: unknown }).appCode;
  return typeof code === "string" ? code : null;
}

/** The server wants a (fresh) second factor before it runs this. */
export function isMfaRequired(err: unknown): boolean {
  return appCodeOf(err) === "MFA_REQUIRED";
}

/**
 * Step-up in one place for every call the dashboard makes: a session caller refused with
 * MFA_REQUIRED is asked for a second-factor code (the dialog behind `requestStepUp`), and the
 * same operation is sent again once it is confirmed. Once only: a second refusal is the answer.
 * Token callers are not asked (a token needs the `sensitive` scope instead).
 */
function stepUpLink(useSession: () => boolean): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let sub: Unsubscribable | null = null;
        let stopped = false;
        const attempt = (retried: boolean): void => {
          sub = next(op).subscribe({
            next: (value) => observer.next(value),
            error: (err) => {
              if (retried || stopped || !useSession() || !isMfaRequired(err)) {
                observer.error(err);
                return;
              }
              requestStepUp().then(
                (confirmed) => {
                  if (stopped) return;
                  if (confirmed) attempt(true);
                  else observer.error(err);
                },
                () => observer.error(err),
              );
            },
            complete: () => observer.complete(),
          });
        };
        attempt(false);
        return () => {
          stopped = true;
          sub?.unsubscribe();
        };
      });
}

/**
 * A tRPC client for /api/trpc (same origin, plain JSON, no transformer). With a pasted API
 * token every request carries `Authorization: Bearer <token>`, read from `token()` at request
 * time; without one the browser sends the session cookie (same origin) and writes carry the
 * session's `X-CSRF-Token`.
 */
export function createApiClient(token: () => string | null = getToken) {
  return createTRPCClient<AppRouter>({
    links: [
      stepUpLink(() => token() === null && csrfToken() !== null),
      httpBatchLink({
        url: "/api/trpc",
        headers() {
          const t = token();
          if (t) return { authorization: `Bearer ${t}` };
          const csrf = csrfToken();
          return csrf ? { "x-csrf-token": csrf } : {};
        },
      }),
    ],
  });
}

/** The dashboard's client: the token comes from the session's token store, else the session cookie. */
export const api = createApiClient();

/** True when the server refused the token or session (HTTP 401 / tRPC UNAUTHORIZED). */
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
