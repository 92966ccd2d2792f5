"use client";

import { useEffect, useId, useState } from "react";
import { api } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { FirstAdminForm } from "./first-admin-form";
import { PasswordSignInForm } from "./password-sign-in-form";
import { TokenSignInForm } from "./token-sign-in-form";

const card = "rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-700 dark:bg-slate-900";

/**
 * The sign-in page: email and password (a session), or on first start "create the first
 * administrator"; an API token stays available below as the secondary way in.
 */
export function SignInForm() {
  const { lastEvent } = useAuth();
  // null: not known yet (the form waits rather than flashing the wrong one).
  const [needsFirstAdmin, setNeedsFirstAdmin] = useState<boolean | null>(null);
  const ids = { heading: useId(), tokenHeading: useId() };

  useEffect(() => {
    let live = true;
    api.setup.status
      .query()
      .then((r) => live && setNeedsFirstAdmin(r.needsFirstAdmin))
      .catch(() => live && setNeedsFirstAdmin(false));
    return () => {
      live = false;
    };
  }, []);

  // Coming back from a sign-out or a refusal: put the keyboard where it is needed (a first visit leaves focus alone).
  const focusPassword = lastEvent === "signed-out" || lastEvent === "session-ended";
  const focusToken = lastEvent === "rejected";

  return (
    <div className="mx-auto max-w-md space-y-6 py-10 sm:py-16">
      <div className={card}>
        <h1 id={ids.heading} className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
          Sign in
        </h1>
        {lastEvent === "signed-out" ? (
          <p role="status" className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-100">
            You have signed out. Nothing of that sign-in is kept in this browser tab.
          </p>
        ) : null}
        {lastEvent === "session-ended" ? (
          <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            Your session has ended (it expired, or was signed out elsewhere). Sign in again.
          </p>
        ) : null}

        {needsFirstAdmin === null ? (
          <p className="mt-4 text-sm text-slate-600 dark:text-slate-300">Checking the server…</p>
        ) : needsFirstAdmin ? (
          <>
            <h2 className="mt-4 text-lg font-semibold text-slate-900 dark:text-white">Create the first administrator</h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
              Nobody has an account yet. With the bootstrap token the server created on first start, make the first administrator
              account; you are signed in as that person.
            </p>
            <FirstAdminForm onCreatedElsewhere={() => setNeedsFirstAdmin(false)} />
          </>
        ) : (
          <>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">Sign in with your email address and password.</p>
            <PasswordSignInForm focusOnMount={focusPassword} />
          </>
        )}
      </div>

      <div className={card}>
        <h2 id={ids.tokenHeading} className="text-lg font-semibold text-slate-900 dark:text-white">
          Use an API token instead
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">For automation accounts and the bootstrap token.</p>
        <TokenSignInForm focusOnMount={focusToken} />
      </div>
    </div>
  );
}
