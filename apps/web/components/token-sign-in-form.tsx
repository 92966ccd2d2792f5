"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { createApiClient, describeError, isUnauthorized } from "../lib/trpc-client";
import { MAX_TOKEN_LENGTH } from "../lib/token-store";
import { useAuth } from "./auth-provider";
import { secondaryButton } from "./button-classes";

/**
 * API-token sign-in (for automation accounts and the bootstrap token). The token is checked
 * against the server (tRPC `pools.list`) before it is stored in this tab; errors are announced
 * through role="alert" and tied to the field.
 */
export function TokenSignInForm(props: { focusOnMount: boolean }) {
  const { signIn, lastEvent } = useAuth();
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(
    lastEvent === "rejected" ? "The server no longer accepts your token (401). Sign in again with a valid API token." : null,
  );
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { input: useId(), hint: useId(), error: useId() };

  useEffect(() => {
    if (props.focusOnMount) inputRef.current?.focus();
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
    <form className="mt-4 space-y-4" noValidate onSubmit={(e) => void onSubmit(e)}>
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
          className="mt-1.5 block w-full rounded-md border border-slate-500 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs placeholder:text-slate-500 aria-invalid:border-red-700 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100 dark:aria-invalid:border-red-400"
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

      <button type="submit" disabled={busy} className={`${secondaryButton} w-full py-2.5 disabled:cursor-wait`}>
        {busy ? "Signing in…" : "Sign in with the token"}
      </button>
    </form>
  );
}
