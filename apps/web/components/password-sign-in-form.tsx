"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { describePasskeyError, signInWithPasskey, usePasskeySupport } from "../lib/passkeys";
import { api, appCodeOf, describeError, isMfaRequired, isUnauthorized } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { primaryButton, secondaryButton } from "./button-classes";
import { AlertMessage, StatusMessage } from "./live-message";
import { TextField } from "./text-field";

type Field = "email" | "password" | "code" | "passkey";

/**
 * Email and password sign-in (a session cookie). When the server answers MFA_REQUIRED the
 * second-factor field appears and takes focus; the form is sent again with the code. Where the
 * browser has WebAuthn, "Use a passkey" beside it answers with a passkey instead.
 */
export function PasswordSignInForm(props: { focusOnMount: boolean; initialEmail?: string }) {
  const { signInSession } = useAuth();
  const [email, setEmail] = useState(props.initialEmail ?? "");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [needCode, setNeedCode] = useState(false);
  const [busy, setBusy] = useState<"password" | "passkey" | false>(false);
  const [error, setError] = useState<{ text: string; field: Field } | null>(null);
  const refs = {
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    code: useRef<HTMLInputElement>(null),
    passkey: useRef<HTMLButtonElement>(null),
  };
  const passkeys = usePasskeySupport();
  const errorId = useId();

  useEffect(() => {
    if (props.focusOnMount) refs.email.current?.focus();
  }, []); // on mount only
  useEffect(() => {
    if (needCode) refs.code.current?.focus();
  }, [needCode]);

  function fail(text: string, field: Field): void {
    setError({ text, field });
    refs[field].current?.focus();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (!email.trim()) return fail("Enter your email address.", "email");
    if (!password) return fail("Enter your password.", "password");
    if (needCode && !code.trim()) return fail("Enter the code from your authenticator app, or a recovery code.", "code");
    setBusy("password");
    try {
      const view = await api.session.signIn.mutate({ email: email.trim(), password, ...(needCode ? { code: code.trim() } : {}) });
      setPassword("");
      setCode("");
      signInSession(view);
    } catch (err) {
      if (isMfaRequired(err) && !needCode) {
        setNeedCode(true);
      } else if (isUnauthorized(err)) {
        // Never says which part was wrong, nor whether the account exists.
        if (needCode) fail("The sign-in was not accepted. Check the code (each code works once) and your password.", "code");
        else fail("The email address or password is not right.", "password");
      } else if (appCodeOf(err) === "RATE_LIMITED" || /429/.test(describeError(err))) {
        fail("Too many failed sign-ins. Wait a few minutes, then try again.", "password");
      } else {
        fail(`Could not sign in: ${describeError(err)}.`, needCode ? "code" : "password");
      }
    } finally {
      setBusy(false);
    }
  }

  async function signInUsingPasskey(): Promise<void> {
    if (busy) return;
    setError(null);
    if (!email.trim()) return fail("Enter your email address.", "email");
    if (!password) return fail("Enter your password.", "password");
    setBusy("passkey");
    try {
      const view = await signInWithPasskey(email.trim(), password);
      setPassword("");
      setCode("");
      signInSession(view);
    } catch (err) {
      if (appCodeOf(err) === "RATE_LIMITED") fail("Too many failed sign-ins. Wait a few minutes, then try again.", "password");
      else if (isUnauthorized(err) && !/passkey/i.test(describeError(err))) fail("The email address or password is not right.", "password");
      else fail(`${describePasskeyError(err)}. Try again, or enter a code.`, "passkey");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="mt-6 space-y-4" noValidate onSubmit={(e) => void onSubmit(e)}>
      <TextField
        inputRef={refs.email}
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        maxLength={254}
        required
        value={email}
        onChange={setEmail}
        invalid={error?.field === "email"}
        errorId={errorId}
      />
      <TextField
        inputRef={refs.password}
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        maxLength={256}
        required
        value={password}
        onChange={setPassword}
        invalid={error?.field === "password"}
        errorId={errorId}
      />
      <StatusMessage tone="warning">
        {needCode
          ? passkeys
            ? "Your account has a second factor: use your passkey, or enter the code from your authenticator app, to finish signing in."
            : "Your account has a second factor: enter the code from your authenticator app to finish signing in."
          : null}
      </StatusMessage>
      {needCode && passkeys ? (
        <button
          ref={refs.passkey}
          type="button"
          aria-disabled={busy !== false || undefined}
          aria-describedby={error?.field === "passkey" ? errorId : undefined}
          className={`${secondaryButton} w-full py-2.5`}
          onClick={() => void signInUsingPasskey()}
        >
          {busy === "passkey" ? "Waiting for the passkey…" : "Use a passkey"}
        </button>
      ) : null}
      {needCode ? (
        <TextField
          inputRef={refs.code}
          label="Authentication code"
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={32}
          required
          mono
          hint="6 digits from your authenticator app, or one of your recovery codes (xxxx-xxxx-xxxx)."
          value={code}
          onChange={setCode}
          invalid={error?.field === "code"}
          errorId={errorId}
        />
      ) : null}
      <AlertMessage id={errorId}>{error?.text}</AlertMessage>
      <button type="submit" aria-disabled={busy !== false || undefined} className={`${primaryButton} w-full py-2.5 aria-disabled:cursor-wait`}>
        {busy === "password" ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
