"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import type { Permission } from "@switchyard/shared/permissions";
import type { SessionView } from "@switchyard/shared/identity";
import { getSession, setSession, subscribeSession } from "../lib/session-store";
import { clearToken, getToken, setToken, subscribeToken } from "../lib/token-store";
import { api, isUnauthorized } from "../lib/trpc-client";

/** `rejected`: a pasted token was refused; `session-ended`: the session cookie was (expired, ended elsewhere). */
export type AuthEvent = "signed-in" | "signed-out" | "rejected" | "session-ended" | null;

/** How this tab is signed in: a pasted API token, a session cookie, or neither (yet). */
export type AuthStatus = "loading" | "signed-out" | "token" | "session";

export interface AuthValue {
  /** undefined until the browser's session storage has been read (server render, hydration). */
  token: string | null | undefined;
  /** The dashboard session (cookie); undefined until the server has been asked. */
  session: SessionView | null | undefined;
  status: AuthStatus;
  /** Changes with who is signed in: pages are keyed by it, so a new sign-in starts them over. */
  credentialKey: string | null;
  /** What last happened, so the next screen can move focus and explain. */
  lastEvent: AuthEvent;
  signIn(token: string): void;
  /** A session the server just opened (sign-in): its view, from the answer. */
  signInSession(view: SessionView): void;
  /** `rejected`: the server answered 401 for the stored token or session. */
  signOut(reason?: "user" | "rejected"): void;
  signOutEverywhere(): Promise<void>;
  /** Read the session again (after enrolment or step-up changed it). */
  refreshSession(): Promise<void>;
  /**
   * May the signed-in person do this? A session knows its permissions; a pasted token's role is
   * not known to the page, so everything is offered and the server decides.
   */
  can(permission: Permission): boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

const serverSnapshot = (): undefined => undefined;

async function loadSession(): Promise<SessionView | null> {
  try {
    return await api.session.get.query();
  } catch (err) {
    // 401: no session; anything else (server down) also leaves the sign-in form, which explains.
    if (!isUnauthorized(err)) console.warn("could not read the session", err);
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const token = useSyncExternalStore<string | null | undefined>(subscribeToken, getToken, serverSnapshot);
  const session = useSyncExternalStore<SessionView | null | undefined>(subscribeSession, getSession, serverSnapshot);
  const [lastEvent, setLastEvent] = useState<AuthEvent>(null);

  // Without a pasted token, ask the server whether the cookie names a session.
  useEffect(() => {
    if (token === null && getSession() === undefined) void loadSession().then(setSession);
  }, [token]);

  const signIn = useCallback((value: string) => {
    setToken(value);
    setLastEvent("signed-in");
  }, []);
  const signInSession = useCallback((view: SessionView) => {
    setSession(view);
    setLastEvent("signed-in");
  }, []);
  const signOut = useCallback((reason: "user" | "rejected" = "user") => {
    const hadSession = getToken() === null && Boolean(getSession());
    clearToken();
    setLastEvent(reason === "user" ? "signed-out" : hadSession ? "session-ended" : "rejected");
    if (hadSession && reason === "user") {
      // End it on the server first (the cookie goes with that answer), then forget it here.
      void api.session.signOut.mutate().catch(() => undefined).finally(() => setSession(null));
    } else {
      setSession(null);
    }
  }, []);
  const signOutEverywhere = useCallback(async () => {
    await api.session.signOutEverywhere.mutate();
    setLastEvent("signed-out");
    setSession(null);
  }, []);
  const refreshSession = useCallback(async () => {
    setSession(await loadSession());
  }, []);

  const status: AuthStatus =
    token === undefined ? "loading" : token !== null ? "token" : session === undefined ? "loading" : session === null ? "signed-out" : "session";
  const credentialKey = status === "token" ? `token:${token}` : status === "session" && session ? `session:${session.user.id}` : null;
  const can = useCallback(
    (permission: Permission) => (status === "token" ? true : status === "session" ? (session?.permissions.includes(permission) ?? false) : false),
    [status, session],
  );

  const value = useMemo<AuthValue>(
    () => ({ token, session, status, credentialKey, lastEvent, signIn, signInSession, signOut, signOutEverywhere, refreshSession, can }),
    [token, session, status, credentialKey, lastEvent, signIn, signInSession, signOut, signOutEverywhere, refreshSession, can],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth must be used inside <AuthProvider>");
  return ctx;
}
