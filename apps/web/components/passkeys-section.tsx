"use client";

import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { PasskeyView } from "@switchyard/shared/passkeys";
import { formatDateTime } from "../lib/format";
import { describePasskeyError, registerPasskey, usePasskeySupport } from "../lib/passkeys";
import { api, describeError, isMfaRequired, isUnauthorized } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { primaryButton, secondaryButton } from "./button-classes";
import { ConfirmPanel } from "./confirm-panel";
import { AlertMessage, StatusMessage } from "./live-message";
import { Notice } from "./notice";
import { RecoveryCodes } from "./recovery-codes";
import { TextField } from "./text-field";

/**
 * The account page's passkeys: the list (name, when added, last use) with removal after a
 * confirmation (a sensitive action: the step-up dialog may ask first), and "Add a passkey" with a
 * name, through the browser's own prompt. The first second factor of an account brings recovery
 * codes, shown once.
 */
export function PasskeysSection() {
  const { refreshSession, signOut } = useAuth();
  const supported = usePasskeySupport();
  const [passkeys, setPasskeys] = useState<PasskeyView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState<"add" | "remove" | null>(null);
  const [error, setError] = useState<{ text: string; field: boolean } | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const removeButton = useRef<HTMLButtonElement | null>(null);
  const ids = { error: useId(), list: useId() };

  const load = useCallback(async () => {
    try {
      setPasskeys((await api.mfa.listPasskeys.query()).passkeys);
      setLoadError(null);
    } catch (err) {
      if (isUnauthorized(err)) return signOut("rejected");
      setLoadError(describeError(err));
    }
  }, [signOut]);

  useEffect(() => {
    void load();
  }, [load]);

  function announce(text: string): void {
    setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text }));
  }

  async function add(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const value = name.trim();
    if (!value) {
      setError({ text: "Give the passkey a name, so you can tell your passkeys apart.", field: true });
      nameRef.current?.focus();
      return;
    }
    setBusy("add");
    setError(null);
    try {
      const r = await registerPasskey(value);
      setName("");
      announce(`Passkey “${r.passkey.name}” added.`);
      if (r.recoveryCodes) setCodes(r.recoveryCodes);
      else void refreshSession();
      await load();
    } catch (err) {
      if (isUnauthorized(err)) return signOut("rejected");
      const text = isMfaRequired(err)
        ? "Adding a passkey needs a confirmed second factor first: confirm it when asked, then try again."
        : `Could not add the passkey: ${describePasskeyError(err)}.`;
      setError({ text, field: false });
      nameRef.current?.focus();
    } finally {
      setBusy(null);
    }
  }

  function closeRemove(): void {
    setRemoving(null);
    if (removeButton.current?.isConnected) removeButton.current.focus();
    else listHeadingRef.current?.focus();
  }

  async function remove(p: PasskeyView): Promise<void> {
    if (busy) return;
    setBusy("remove");
    setError(null);
    try {
      await api.mfa.deletePasskey.mutate({ id: p.id });
      announce(`Passkey “${p.name}” removed.`);
      await load();
      await refreshSession().catch(() => undefined);
    } catch (err) {
      if (isUnauthorized(err)) return signOut("rejected");
      setError({
        text: isMfaRequired(err)
          ? `“${p.name}” was not removed: removing a passkey needs a confirmed second factor.`
          : `Could not remove “${p.name}”: ${describeError(err)}.`,
        field: false,
      });
    } finally {
      setBusy(null);
      closeRemove();
    }
  }

  if (codes) {
    return (
      <RecoveryCodes
        factor="passkey"
        codes={codes}
        onDone={() => {
          setCodes(null);
          void refreshSession();
        }}
      />
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700 dark:text-slate-200">
        A passkey on this computer, your phone or a security key confirms it is you without typing a code: your browser asks for a
        touch, a fingerprint or the device&apos;s PIN.
      </p>
      {supported ? null : <Notice>This browser cannot use passkeys. You can still remove passkeys listed here.</Notice>}

      <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
      <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>

      <div className="space-y-2">
        <h3 ref={listHeadingRef} id={ids.list} tabIndex={-1} className="font-semibold text-slate-900 dark:text-white">
          Your passkeys
        </h3>
        {passkeys === null ? (
          loadError ? (
            <Notice tone="error">Could not load your passkeys: {loadError}.</Notice>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-300">Loading passkeys…</p>
          )
        ) : passkeys.length === 0 ? (
          <p className="text-sm text-slate-700 dark:text-slate-200">None yet.</p>
        ) : (
          <ul aria-labelledby={ids.list} className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {passkeys.map((p) => (
              <li key={p.id} data-passkey={p.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2.5">
                <div className="min-w-0">
                  <p className="font-medium break-words text-slate-900 dark:text-white">{p.name}</p>
                  <p className="text-xs text-slate-600 dark:text-slate-300">
                    added {formatDateTime(p.createdAt)} · {p.lastUsedAt ? `last used ${formatDateTime(p.lastUsedAt)}` : "not used yet"}
                  </p>
                </div>
                <button
                  type="button"
                  className={secondaryButton}
                  aria-disabled={busy !== null || undefined}
                  onClick={(e) => {
                    if (busy) return;
                    removeButton.current = e.currentTarget;
                    setRemoving(p);
                  }}
                >
                  Remove<span className="sr-only"> {p.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {removing ? (
          <ConfirmPanel
            title={`Remove the passkey “${removing.name}”?`}
            confirmLabel="Remove it"
            cancelLabel="Keep it"
            busy={busy === "remove"}
            busyLabel="Removing…"
            onCancel={closeRemove}
            onConfirm={() => void remove(removing)}
          >
            <p>It no longer signs you in or confirms sensitive actions. You may be asked to confirm your second factor first.</p>
          </ConfirmPanel>
        ) : null}
      </div>

      {supported ? (
        <form noValidate onSubmit={(e) => void add(e)} className="space-y-3">
          <TextField
            inputRef={nameRef}
            label="Passkey name"
            name="passkeyName"
            maxLength={64}
            required
            hint="So you can tell your passkeys apart, e.g. “work laptop” or “blue security key”."
            value={name}
            onChange={setName}
            invalid={error?.field === true}
            errorId={ids.error}
            className="max-w-sm"
          />
          <button type="submit" className={primaryButton} aria-disabled={busy !== null || undefined}>
            {busy === "add" ? "Waiting for the passkey…" : "Add a passkey"}
          </button>
        </form>
      ) : null}
    </div>
  );
}
