"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { primaryButton } from "./button-classes";
import { AlertMessage } from "./live-message";
import { TextField } from "./text-field";

type Field = "bootstrapToken" | "email" | "name" | "password";
const MIN_PASSWORD = 12;

/**
 * First start: nobody has an account yet. Whoever holds the bootstrap token (DATA_DIR/admin-token)
 * creates the first administrator here, and is signed in as that person.
 */
export function FirstAdminForm(props: { onCreatedElsewhere: () => void }) {
  const { signInSession } = useAuth();
  const [values, setValues] = useState<Record<Field, string>>({ bootstrapToken: "", email: "", name: "", password: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field: Field } | null>(null);
  const refs = {
    bootstrapToken: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const errorId = useId();
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  function fail(text: string, field: Field): void {
    setError({ text, field });
    refs[field].current?.focus();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const input = { bootstrapToken: values.bootstrapToken.trim(), email: values.email.trim(), name: values.name.trim(), password: values.password };
    if (!input.bootstrapToken) return fail("Enter the bootstrap token from DATA_DIR/admin-token.", "bootstrapToken");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) return fail("Enter an email address, like ops@example.com.", "email");
    if (!input.name) return fail("Enter a name.", "name");
    if (input.password.length < MIN_PASSWORD) return fail(`The password needs at least ${MIN_PASSWORD} characters.`, "password");
    setBusy(true);
    try {
      await api.setup.firstAdmin.mutate(input);
    } catch (err) {
      setBusy(false);
      if (isUnauthorized(err)) return fail("The server did not accept that bootstrap token. Copy it again from DATA_DIR/admin-token.", "bootstrapToken");
      if (/conflict|already/i.test(describeError(err))) {
        props.onCreatedElsewhere();
        return;
      }
      return fail(`Could not create the administrator: ${describeError(err)}.`, "email");
    }
    try {
      signInSession(await api.session.signIn.mutate({ email: input.email, password: input.password }));
    } catch (err) {
      setBusy(false);
      fail(`The administrator was created, but signing in failed: ${describeError(err)}. Reload and sign in.`, "password");
    }
  }

  return (
    <form className="mt-6 space-y-4" noValidate onSubmit={(e) => void onSubmit(e)}>
      <TextField
        inputRef={refs.bootstrapToken}
        label="Bootstrap token"
        name="bootstrapToken"
        type="password"
        mono
        maxLength={512}
        required
        hint="The server wrote it to DATA_DIR/admin-token on first start (readable only by its owner)."
        value={values.bootstrapToken}
        onChange={set("bootstrapToken")}
        invalid={error?.field === "bootstrapToken"}
        errorId={errorId}
      />
      <TextField
        inputRef={refs.email}
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        maxLength={254}
        required
        value={values.email}
        onChange={set("email")}
        invalid={error?.field === "email"}
        errorId={errorId}
      />
      <TextField
        inputRef={refs.name}
        label="Name"
        name="name"
        autoComplete="name"
        maxLength={100}
        required
        value={values.name}
        onChange={set("name")}
        invalid={error?.field === "name"}
        errorId={errorId}
      />
      <TextField
        inputRef={refs.password}
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        maxLength={256}
        required
        hint={`At least ${MIN_PASSWORD} characters.`}
        value={values.password}
        onChange={set("password")}
        invalid={error?.field === "password"}
        errorId={errorId}
      />
      <AlertMessage id={errorId}>{error?.text}</AlertMessage>
      <button type="submit" aria-disabled={busy || undefined} className={`${primaryButton} w-full py-2.5 aria-disabled:cursor-wait`}>
        {busy ? "Creating…" : "Create the administrator and sign in"}
      </button>
    </form>
  );
}
