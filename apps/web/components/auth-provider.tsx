"use client";

import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { clearToken, getToken, setToken, subscribeToken } from "../lib/token-store";

export type AuthEvent = "signed-in" | "signed-out" | "rejected" | null;

export interface AuthValue {
  /** undefined until the browser's session storage has been read (server render, hydration). */
  token: string | null | undefined;
  /** What last happened, so the next screen can move focus and explain. */
  lastEvent: AuthEvent;
  signIn(token: string): void;
  /** `rejected`: the server answered 401 for the stored token. */
  signOut(reason?: "user" | "rejected"): void;
}

const AuthContext = createContext<AuthValue | null>(null);

const serverSnapshot = (): undefined => undefined;

export function AuthProvider({ children }: { children: ReactNode }) {
  const token = useSyncExternalStore<string | null | undefined>(subscribeToken, getToken, serverSnapshot);
  const [lastEvent, setLastEvent] = useState<AuthEvent>(null);

  const signIn = useCallback((value: string) => {
    setToken(value);
    setLastEvent("signed-in");
  }, []);
  const signOut = useCallback((reason: "user" | "rejected" = "user") => {
    clearToken();
    setLastEvent(reason === "rejected" ? "rejected" : "signed-out");
  }, []);

  const value = useMemo<AuthValue>(() => ({ token, lastEvent, signIn, signOut }), [token, lastEvent, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth must be used inside <AuthProvider>");
  return ctx;
}
