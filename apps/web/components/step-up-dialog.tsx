"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { describePasskeyError, usePasskeySupport, verifyWithPasskey } from "../lib/passkeys";
import { setStepUpHandler } from "../lib/step-up";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { primaryButton, secondaryButton } from "./button-classes";
import { AlertMessage } from "./live-message";
import { TextField } from "./text-field";

/**
 * The step-up dialog: a sensitive action was refused for want of a fresh second factor. It asks
 * for a code (mfa.verify) or, where the browser has WebAuthn and the person a passkey, offers
 * "Use a passkey" (mfa.verifyPasskey), and resolves true once confirmed, so the tRPC client sends
 * the action again. A modal <dialog>: the page behind is inert (focus stays inside), Escape
 * cancels, and focus returns to where it was. Without an enrolled factor it says so and links to
 * the account page.
 */
export function StepUpDialog() {
  const { session, refreshSession } = useAuth();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const passkeyRef = useRef<HTMLButtonElement>(null);
  const resolver = useRef<((confirmed: boolean) => void) | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState<"code" | "passkey" | false>(false);
  const [error, setError] = useState<{ text: string; field: boolean } | null>(null);
  const ids = { title: useId(), body: useId(), error: useId() };
  const enrolled = session?.user.mfaEnabled ?? false;
  const supported = usePasskeySupport();
  const withPasskey = supported && (session?.user.passkeys ?? 0) > 0;
  const withApp = session?.user.totpEnabled ?? false;

  useEffect(() => {
    setStepUpHandler(
      () =>
        new Promise<boolean>((resolve) => {
          resolver.current = resolve;
          returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          setCode("");
          setError(null);
          setOpen(true);
        }),
    );
    return () => setStepUpHandler(null);
  }, []);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The quickest way first: the passkey button when there is one, else the code field.
      (passkeyRef.current ?? codeRef.current)?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function finish(confirmed: boolean): void {
    // Closed at once (not after the next render): the page stops being inert, so focus can go back.
    if (dialogRef.current?.open) dialogRef.current.close();
    setOpen(false);
    setBusy(false);
    const resolve = resolver.current;
    resolver.current = null;
    // Back to the control that started the action (it may have been re-rendered meanwhile).
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target?.isConnected) target.focus();
    resolve?.(confirmed);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const value = code.trim();
    if (!value) {
      setError({ text: withApp ? "Enter the 6-digit code from your authenticator app, or a recovery code." : "Enter one of your recovery codes.", field: true });
      codeRef.current?.focus();
      return;
    }
    setBusy("code");
    setError(null);
    try {
      await api.mfa.verify.mutate({ code: value });
      await refreshSession().catch(() => undefined);
      finish(true);
    } catch (err) {
      setBusy(false);
      setError({
        text: isUnauthorized(err)
          ? "That code was not accepted. Codes change every 30 seconds and each works once: wait for the next one and try again."
          : `Could not confirm the code: ${describeError(err)}.`,
        field: true,
      });
      codeRef.current?.focus();
    }
  }

  async function confirmWithPasskey(): Promise<void> {
    if (busy) return;
    setBusy("passkey");
    setError(null);
    try {
      await verifyWithPasskey();
      await refreshSession().catch(() => undefined);
      finish(true);
    } catch (err) {
      setBusy(false);
      setError({ text: `${describePasskeyError(err)}. Try again${withApp ? ", or enter a code" : ""}.`, field: false });
      passkeyRef.current?.focus();
    }
  }

  return (
    <dialog
      ref={dialogRef}
      aria-modal="true"
      aria-labelledby={ids.title}
      aria-describedby={ids.body}
      onKeyDown={(e) => {
        // Tab and Shift+Tab wrap inside the dialog rather than leaving for the browser's toolbar.
        if (e.key !== "Tab") return;
        const focusable = [...e.currentTarget.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea")].filter(
          (el) => !el.hasAttribute("disabled"),
        );
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }}
      onCancel={(e) => {
        // Escape: the dialog closes through state, so React and the element agree.
        e.preventDefault();
        if (!busy) finish(false);
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-950/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      {open ? (
        <>
          <h2 id={ids.title} className="text-lg font-semibold text-slate-900 dark:text-white">
            Confirm it is you
          </h2>
          {enrolled ? (
            <div className="mt-2 space-y-4">
              <p id={ids.body} className="text-sm text-slate-700 dark:text-slate-200">
                {withPasskey
                  ? `This action is sensitive: confirm it with your passkey${withApp ? ", or enter a code from your authenticator app (or a recovery code)" : ", or enter one of your recovery codes"}. The action then runs.`
                  : withApp
                    ? "This action is sensitive: enter a code from your authenticator app (or a recovery code). The action then runs."
                    : "This action is sensitive: enter one of your recovery codes (this browser cannot use your passkey). The action then runs."}
              </p>
              {withPasskey ? (
                <button ref={passkeyRef} type="button" className={primaryButton} aria-disabled={busy !== false || undefined} onClick={() => void confirmWithPasskey()}>
                  {busy === "passkey" ? "Waiting for the passkey…" : "Use a passkey"}
                </button>
              ) : null}
              <form className="space-y-4" noValidate onSubmit={(e) => void onSubmit(e)}>
                <TextField
                  inputRef={codeRef}
                  label={withApp ? "Authentication code" : "Recovery code"}
                  name="stepUpCode"
                  autoComplete="one-time-code"
                  inputMode={withApp ? "numeric" : "text"}
                  maxLength={32}
                  mono
                  required
                  value={code}
                  onChange={setCode}
                  invalid={error?.field === true}
                  errorId={ids.error}
                />
                <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
                <div className="flex flex-wrap gap-2">
                  <button type="submit" className={withPasskey ? secondaryButton : primaryButton} aria-disabled={busy !== false || undefined}>
                    {busy === "code" ? "Confirming…" : withPasskey ? "Confirm the code" : "Confirm and continue"}
                  </button>
                  <button type="button" className={secondaryButton} onClick={() => !busy && finish(false)}>
                    Cancel
                  </button>
                </div>
              </form>
            </div>
          ) : (
            <div className="mt-2 space-y-4">
              <p id={ids.body} className="text-sm text-slate-700 dark:text-slate-200">
                This action is sensitive and needs a second factor, but your account has none yet. Set up an authenticator app or
                add a passkey on your account page, then try again.
              </p>
              <div className="flex flex-wrap gap-2">
                <Link href="/account" className={primaryButton} onClick={() => finish(false)}>
                  Set up a second factor
                </Link>
                <button type="button" className={secondaryButton} onClick={() => finish(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </>
      ) : null}
    </dialog>
  );
}
