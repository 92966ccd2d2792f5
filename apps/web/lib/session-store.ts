import type { SessionView } from "@switchyard/shared/identity";

/**
 * The dashboard session as this tab knows it (from GET /session or sign-in). The session itself
 * lives in an HttpOnly cookie the page cannot read; this keeps what the page needs beside it:
 * the CSRF token every cookie-authenticated write sends back, and the person's permissions.
 * `undefined` until the server has been asked.
 */
let current: SessionView | null | undefined;
const listeners = new Set<() => void>();

export function getSession(): SessionView | null | undefined {
  return current;
}

export function setSession(session: SessionView | null): void {
  current = session;
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The header cookie-authenticated writes need; null when signed in by token or not at all. */
export function csrfToken(): string | null {
  return current?.csrfToken ?? null;
}
