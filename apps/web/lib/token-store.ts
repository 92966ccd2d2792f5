/**
 * The dashboard's API token, kept in sessionStorage for this tab only: never in a URL,
 * never logged, gone when the tab closes. Components read it through useSyncExternalStore.
 */
const KEY = "switchyard.apiToken";
const MAX_TOKEN_LENGTH = 512;

const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    // Storage can be disabled (privacy settings); the dashboard then keeps nothing.
    return null;
  }
}

function emit(): void {
  for (const listener of listeners) listener();
}

export function getToken(): string | null {
  try {
    return storage()?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  const value = token.trim();
  if (!value || value.length > MAX_TOKEN_LENGTH) throw new Error("invalid token");
  try {
    storage()?.setItem(KEY, value);
  } finally {
    emit();
  }
}

export function clearToken(): void {
  try {
    storage()?.removeItem(KEY);
  } finally {
    emit();
  }
}

export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export { MAX_TOKEN_LENGTH };
