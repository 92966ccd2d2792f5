"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import type { Role } from "@switchyard/shared/permissions";
import { api, describeError, isMfaRequired, isUnauthorized } from "../lib/trpc-client";
import { fieldClass, hintClass, labelClass, primaryButton } from "./button-classes";
import { AlertMessage } from "./live-message";
import { TextField } from "./text-field";

export type CreatedToken = Awaited<ReturnType<typeof api.tokens.create.mutate>>;
type Field = "name" | "expires";

/** The last moment of a local calendar day, as an ISO instant. */
function endOfLocalDay(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const ms = new Date(`${date}T23:59:59`).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * Create an API token: a name, a role no higher than one's own, an optional expiry and the
 * `sensitive` scope. Creating one is itself sensitive (the step-up dialog may ask for a code).
 */
export function CreateTokenForm(props: { roles: readonly Role[]; onCreated: (token: CreatedToken) => void; onUnauthorized: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>(props.roles.includes("viewer") ? "viewer" : (props.roles[0] ?? "viewer"));
  const [expires, setExpires] = useState("");
  const [sensitive, setSensitive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: Field } | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const expiresRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const ids = { error: `${id}-error`, role: `${id}-role`, expires: `${id}-expires`, expiresHint: `${id}-expires-hint`, scope: `${id}-scope`, scopeHint: `${id}-scope-hint` };

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const trimmed = name.trim();
    if (!trimmed) {
      setError({ text: "Give the token a name, e.g. what will use it.", field: "name" });
      nameRef.current?.focus();
      return;
    }
    const expiresAt = expires ? endOfLocalDay(expires) : null;
    if (expires && (!expiresAt || Date.parse(expiresAt) <= Date.now())) {
      setError({ text: "The expiry must be a date from today on.", field: "expires" });
      expiresRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await api.tokens.create.mutate({
        name: trimmed,
        role,
        ...(expiresAt ? { expiresAt } : {}),
        ...(sensitive ? { scopes: ["sensitive" as const] } : {}),
      });
      setName("");
      setExpires("");
      setSensitive(false);
      props.onCreated(created);
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setError({
        text: isMfaRequired(err)
          ? "The token was not created: creating one needs a confirmed second factor."
          : `Could not create the token: ${describeError(err)}.`,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <TextField
          inputRef={nameRef}
          label="Name"
          name="tokenName"
          maxLength={100}
          required
          hint="What uses it, e.g. “nightly import”."
          value={name}
          onChange={setName}
          invalid={error?.field === "name"}
          errorId={ids.error}
        />
        <div>
          <label htmlFor={ids.role} className={labelClass}>
            Role
          </label>
          <select id={ids.role} name="tokenRole" value={role} onChange={(e) => setRole(e.target.value as Role)} className={fieldClass}>
            {props.roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <p className={hintClass}>At most your own role.</p>
        </div>
        <div>
          <label htmlFor={ids.expires} className={labelClass}>
            Expires on (optional)
          </label>
          <input
            ref={expiresRef}
            id={ids.expires}
            name="tokenExpires"
            type="date"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            aria-invalid={error?.field === "expires" || undefined}
            aria-describedby={error?.field === "expires" ? `${ids.expiresHint} ${ids.error}` : ids.expiresHint}
            className={fieldClass}
          />
          <p id={ids.expiresHint} className={hintClass}>
            At the end of that day, your time. Empty: never expires.
          </p>
        </div>
      </div>
      <div className="flex items-start gap-2">
        <input
          id={ids.scope}
          name="tokenSensitive"
          type="checkbox"
          checked={sensitive}
          onChange={(e) => setSensitive(e.target.checked)}
          aria-describedby={ids.scopeHint}
          className="mt-0.5 size-4 rounded border-slate-500 accent-blue-700 dark:accent-blue-400"
        />
        <div>
          <label htmlFor={ids.scope} className={labelClass}>
            Sensitive scope
          </label>
          <p id={ids.scopeHint} className={hintClass}>
            Lets the token run sensitive operations (pool reset, fault flags, token creation, audit export…) without a second
            factor. Give it only to automation that needs it.
          </p>
        </div>
      </div>
      <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
      <button type="submit" className={primaryButton} aria-disabled={busy || undefined}>
        {busy ? "Creating…" : "Create token"}
      </button>
    </form>
  );
}
