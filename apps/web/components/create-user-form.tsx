"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { ROLES, type Role } from "@switchyard/shared/permissions";
import type { UserView } from "@switchyard/shared/identity";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { fieldClass, hintClass, labelClass, primaryButton } from "./button-classes";
import { AlertMessage } from "./live-message";
import { TextField } from "./text-field";

type Field = "email" | "name" | "password";
const MIN_PASSWORD = 12;

/** Add a person: email, name, role and a first password (they can be told it and change nothing else yet). */
export function CreateUserForm(props: { onCreated: (user: UserView) => void; onUnauthorized: () => void }) {
  const [values, setValues] = useState<Record<Field, string>>({ email: "", name: "", password: "" });
  const [role, setRole] = useState<Role>("viewer");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: Field } | null>(null);
  const refs = { email: useRef<HTMLInputElement>(null), name: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };
  const id = useId();
  const ids = { error: `${id}-error`, role: `${id}-role` };
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  function fail(text: string, field?: Field): void {
    setError(field ? { text, field } : { text });
    if (field) refs[field].current?.focus();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const input = { email: values.email.trim(), name: values.name.trim(), password: values.password, role };
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) return fail("Enter an email address, like ops@example.com.", "email");
    if (!input.name) return fail("Enter the person's name.", "name");
    if (input.password.length < MIN_PASSWORD) return fail(`The first password needs at least ${MIN_PASSWORD} characters.`, "password");
    setBusy(true);
    try {
      const user = await api.users.create.mutate(input);
      setValues({ email: "", name: "", password: "" });
      setRole("viewer");
      props.onCreated(user);
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      fail(`Could not add the person: ${describeError(err)}.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField inputRef={refs.email} label="Email" name="newUserEmail" type="email" inputMode="email" maxLength={254} required value={values.email} onChange={set("email")} invalid={error?.field === "email"} errorId={ids.error} />
        <TextField inputRef={refs.name} label="Name" name="newUserName" maxLength={100} required value={values.name} onChange={set("name")} invalid={error?.field === "name"} errorId={ids.error} />
        <div>
          <label htmlFor={ids.role} className={labelClass}>
            Role
          </label>
          <select id={ids.role} name="newUserRole" value={role} onChange={(e) => setRole(e.target.value as Role)} className={fieldClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <p className={hintClass}>Least privilege: viewer reads, operator steers pools, auditor reviews the audit log.</p>
        </div>
        <TextField
          inputRef={refs.password}
          label="First password"
          name="newUserPassword"
          type="password"
          autoComplete="new-password"
          maxLength={256}
          required
          hint={`At least ${MIN_PASSWORD} characters. Give it to the person over a safe channel.`}
          value={values.password}
          onChange={set("password")}
          invalid={error?.field === "password"}
          errorId={ids.error}
        />
      </div>
      <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
      <button type="submit" className={primaryButton} aria-disabled={busy || undefined}>
        {busy ? "Adding…" : "Add person"}
      </button>
    </form>
  );
}
