"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { groupSecret, svgDataUrl } from "../lib/svg-data-url";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { primaryButton } from "./button-classes";
import { AlertMessage } from "./live-message";
import { RecoveryCodes } from "./recovery-codes";
import { TextField } from "./text-field";

type Enrollment = Awaited<ReturnType<typeof api.mfa.beginTotp.mutate>>;

/**
 * Enrol an authenticator app (TOTP): start (a new secret and its QR code), scan or type the
 * secret, confirm with a current code, then the recovery codes are shown once.
 */
export function TotpEnrollment() {
  const { refreshSession } = useAuth();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState<"begin" | "confirm" | null>(null);
  const [error, setError] = useState<{ text: string; field: boolean } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const stepsRef = useRef<HTMLHeadingElement>(null);
  const ids = { error: useId(), steps: useId() };

  async function begin(): Promise<void> {
    if (busy) return;
    setBusy("begin");
    setError(null);
    try {
      setEnrollment(await api.mfa.beginTotp.mutate());
      setCode("");
      // The steps replace the button: the keyboard goes to their heading.
      requestAnimationFrame(() => stepsRef.current?.focus());
    } catch (err) {
      setError({ text: `Could not start: ${describeError(err)}.`, field: false });
    } finally {
      setBusy(null);
    }
  }

  async function confirm(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const value = code.trim();
    if (!/^\d{6}$/.test(value)) {
      setError({ text: "Enter the 6-digit code your authenticator app shows now.", field: true });
      codeRef.current?.focus();
      return;
    }
    setBusy("confirm");
    setError(null);
    try {
      const r = await api.mfa.confirmTotp.mutate({ code: value });
      setCodes(r.recoveryCodes);
      setEnrollment(null);
    } catch (err) {
      setError({
        text: isUnauthorized(err) || /code/i.test(describeError(err))
          ? "That code was not accepted. Check the app's clock and enter the code it shows now (each code works once)."
          : `Could not confirm: ${describeError(err)}.`,
        field: true,
      });
      codeRef.current?.focus();
    } finally {
      setBusy(null);
    }
  }

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          void refreshSession();
        }}
      />
    );
  }

  if (!enrollment) {
    return (
      <div className="space-y-3">
        <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
        <button type="button" className={primaryButton} aria-disabled={busy !== null || undefined} onClick={() => void begin()}>
          {busy === "begin" ? "Starting…" : "Set up an authenticator app"}
        </button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <h3 ref={stepsRef} id={ids.steps} tabIndex={-1} className="font-semibold text-slate-900 dark:text-white">
        Add Switchyard to your authenticator app
      </h3>
      <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-700 dark:text-slate-200">
        <li>
          <p>Scan this QR code with the app (Google Authenticator, 1Password, Authy, …):</p>
          {/* An <img> of the server's SVG: shown as a picture, never as markup in the page. */}
          <img
            src={svgDataUrl(enrollment.qrSvg)}
            alt="QR code to add Switchyard to an authenticator app (the same secret is written out below)"
            width={192}
            height={192}
            className="mt-2 rounded-md border border-slate-300 bg-white p-2"
          />
        </li>
        <li>
          <p>Or type this secret into the app (time-based, 6 digits, 30 seconds):</p>
          <p className="mt-1 font-mono text-base tracking-wide break-all text-slate-900 dark:text-white" data-totp-secret={enrollment.secret}>
            {groupSecret(enrollment.secret)}
          </p>
        </li>
        <li>
          <form noValidate onSubmit={(e) => void confirm(e)} className="space-y-3">
            <TextField
              inputRef={codeRef}
              label="Code from the app"
              name="totpCode"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              mono
              required
              hint="The 6 digits the app shows now."
              value={code}
              onChange={setCode}
              invalid={error?.field === true}
              errorId={ids.error}
              className="max-w-xs"
            />
            <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
            <button type="submit" className={primaryButton} aria-disabled={busy !== null || undefined}>
              {busy === "confirm" ? "Confirming…" : "Confirm and turn on"}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
