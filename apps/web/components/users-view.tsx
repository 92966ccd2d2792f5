"use client";

import { useCallback, useRef, useState } from "react";
import type { UserView } from "@switchyard/shared/identity";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { ConfirmPanel } from "./confirm-panel";
import { CreateUserForm } from "./create-user-form";
import { AlertMessage, StatusMessage } from "./live-message";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { SecuritySettings } from "./security-settings";
import { card, sectionHeading, sectionText } from "./table-classes";
import { UsersTable, type UserAction } from "./users-table";

const REFRESH_MS = 10_000;

function describeAction(a: UserAction): string {
  switch (a.kind) {
    case "role":
      return `${a.user.name} is now ${a.role}; their sessions ended, so the new role applies from their next sign-in.`;
    case "disable":
      return `${a.user.name} is disabled: their sessions ended and they cannot sign in.`;
    case "enable":
      return `${a.user.name} is enabled again.`;
    case "reset-mfa":
      return `${a.user.name}'s second factor was removed: they set up a new one at their next sign-in.`;
  }
}

/** People (admins): add, change role, disable or enable, reset a second factor; the MFA-for-everyone switch. */
export function UsersView() {
  const { session, signOut, can, status } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<UserAction | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  const actionButton = useRef<HTMLButtonElement | null>(null);

  const list = usePolling({
    key: "users",
    fetch: (signal) => api.users.list.query(undefined, { signal }).then((r) => r.users),
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });
  const users = list.data ? [...list.data].sort((a, b) => a.name.localeCompare(b.name)) : null;

  function refocus(): void {
    if (actionButton.current?.isConnected) actionButton.current.focus();
  }

  async function run(a: UserAction): Promise<void> {
    if (busy) return;
    setBusy(true);
    setAlert(null);
    try {
      if (a.kind === "role") await api.users.update.mutate({ id: a.user.id, role: a.role });
      else if (a.kind === "disable" || a.kind === "enable") await api.users.update.mutate({ id: a.user.id, disabled: a.kind === "disable" });
      else await api.users.resetMfa.mutate({ id: a.user.id });
      setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text: describeAction(a) }));
      list.refresh();
    } catch (err) {
      if (isUnauthorized(err)) return onUnauthorized();
      setAlert(`Could not change ${a.user.name}: ${describeError(err)}.`);
    } finally {
      setBusy(false);
      setConfirm(null);
      refocus();
    }
  }

  if (status === "session" && !can("users:manage")) {
    return (
      <div className="space-y-6">
        <PageHeader title="Users" description="People who can sign in to Switchyard." />
        <Notice>Only administrators manage people. Your role is {session?.user.role}.</Notice>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Users"
        description="People who sign in to the dashboard, their roles and second factors. Changes here are sensitive: you may be asked for a code, and each is recorded in the audit log."
        aside={<RefreshState what="Users" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />}
      />

      <SecuritySettings onUnauthorized={onUnauthorized} />

      <section aria-labelledby="add-user-heading" className={`${card} space-y-4`}>
        <h2 id="add-user-heading" className={sectionHeading}>
          Add a person
        </h2>
        <CreateUserForm
          onUnauthorized={onUnauthorized}
          onCreated={(u: UserView) => {
            setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text: `${u.name} (${u.email}) added as ${u.role}.` }));
            list.refresh();
          }}
        />
      </section>

      <section aria-labelledby="users-heading" className="space-y-3">
        <div>
          <h2 id="users-heading" className={sectionHeading}>
            People
          </h2>
          <p className={sectionText}>By name.</p>
        </div>
        <AlertMessage>{alert}</AlertMessage>
        <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
        {confirm ? (
          <ConfirmPanel
            title={confirm.kind === "disable" ? `Disable ${confirm.user.name}?` : `Reset ${confirm.user.name}'s second factor?`}
            confirmLabel={confirm.kind === "disable" ? "Disable now" : "Reset now"}
            cancelLabel="Cancel"
            busy={busy}
            busyLabel="Working…"
            onCancel={() => {
              setConfirm(null);
              refocus();
            }}
            onConfirm={() => void run(confirm)}
          >
            <p>
              {confirm.kind === "disable"
                ? "Their sessions end at once and they cannot sign in until enabled again. Their API tokens keep working until revoked."
                : "Their authenticator app, passkeys and recovery codes stop working; they set up a new second factor at their next sign-in."}
            </p>
          </ConfirmPanel>
        ) : null}
        {users === null ? (
          list.error ? (
            <Notice tone="error">Could not load the people: {list.error}.</Notice>
          ) : (
            <p className="py-6 text-sm text-slate-600 dark:text-slate-300">Loading people…</p>
          )
        ) : (
          <UsersTable
            users={users}
            selfId={session?.user.id ?? null}
            busy={busy}
            onAction={(a, button) => {
              actionButton.current = button;
              if (a.kind === "disable" || a.kind === "reset-mfa") setConfirm(a);
              else void run(a);
            }}
          />
        )}
      </section>
    </div>
  );
}
