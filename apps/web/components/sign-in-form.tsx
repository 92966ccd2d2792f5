"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { createApiClient, describeError, isUnauthorized } from "../lib/trpc-client";
import { MAX_TOKEN_LENGTH } from "../lib/token-store";
import { useAuth } from "./auth-provider";

/**
 * API-token sign-in. The token is checked against the server (tRPC `pools.list`) before
 * it is stored; errors are announced through role="alert" and tied to the field.
 */
export function SignInForm() {
  const { signIn, lastEvent } = useAuth();
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(
    lastEvent === "rejected" ? "The server no longer accepts your token (401). Sign in again with a valid API token." : null,
  );
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { input: useId(), hint: useId(), error: useId(), heading: useId() };

  // Coming back from a sign-out or a rejected token: put the keyboard where it is needed.
  // (A first visit leaves focus alone.)
  useEffect(() => {
    if (lastEvent === "rejected" || lastEvent === "signed-out") inputRef.current?.focus();
  }, []); // on mount only

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const token = value.trim();
    if (!token) {
      setError("Enter an API token.");
      inputRef.current?.focus();
      return;
    }
    if (token.length > MAX_TOKEN_LENGTH) {
      setError(`An API token is at most ${MAX_TOKEN_LENGTH} characters.`);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await createApiClient(() => token).pools.list.query();
      setValue("");
      signIn(token);
    } catch (err) {
      setError(
        isUnauthorized(err)
          ? "The server did not accept that token (401). Check it and try again."
          : `Could not sign in: ${describeError(err)}.`,
      );
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const describedBy = error ? `${ids.hint} ${ids.error}` : ids.hint;

  return (
    <div className="mx-auto max-w-md py-10 sm:py-16">
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-700 dark:bg-slate-900">
        <h1 id={ids.heading} className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
          Sign in
        </h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          Use an API token to open the Switchyard operations dashboard.
        </p>

        {lastEvent === "signed-out" && !error ? (
          <p role="status" className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-100">
            You have signed out. The token was removed from this browser tab.
          </p>
        ) : null}

        <form className="mt-6 space-y-4" aria-labelledby={ids.heading} noValidate onSubmit={(e) => void onSubmit(e)}>
          <div>
            <label htmlFor={ids.input} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
              API token
            </label>
            <input
              ref={inputRef}
              id={ids.input}
              name="token"
              type="password"
              required
              autoComplete="off"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              maxLength={MAX_TOKEN_LENGTH}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              className="mt-1.5 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs placeholder:text-slate-500 aria-invalid:border-red-700 dark:border-slate-500 dark:bg-slate-950 dark:text-slate-100 dark:aria-invalid:border-red-400"
            />
            <p id={ids.hint} className="mt-2 text-sm text-slate-600 dark:text-slate-300">
              On first start the server creates an admin token and stores it in{" "}
              <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-800 dark:bg-slate-800 dark:text-slate-100">
                DATA_DIR/admin-token
              </code>{" "}
              (readable only by its owner); the server log prints the path. The token stays in this tab only.
            </p>
          </div>

          <div id={ids.error} role="alert" className="empty:hidden">
            {error ? (
              <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
                {error}
              </p>
            ) : null}
          </div>

          <button
            type="submit"
            disabled={busy}
            className="inline-flex w-full items-center justify-center rounded-md bg-blue-700 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-blue-800 disabled:cursor-wait disabled:opacity-80 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400"
          >
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </div>
    </div>
  );
}
