"use client";

import { useCallback, useId, useRef, useState } from "react";
import type { TokenView } from "@switchyard/shared/identity";
import { grantableRoles } from "../lib/roles";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { ConfirmPanel } from "./confirm-panel";
import { CreateTokenForm, type CreatedToken } from "./create-token-form";
import { CreatedTokenPanel } from "./created-token";
import { AlertMessage, StatusMessage } from "./live-message";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { card, sectionHeading, sectionText } from "./table-classes";
import { TokensTable } from "./tokens-table";

const REFRESH_MS = 10_000;

/** API tokens: create one (the secret shown once), list them, revoke with a confirmation. */
export function TokensView() {
  const { session, signOut, can } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const mayManage = session ? can("tokens:manage") : false;
  const [all, setAll] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const revokeButton = useRef<HTMLButtonElement | null>(null);
  const allId = useId();

  const list = usePolling({
    key: all ? "tokens:all" : "tokens:own",
    fetch: (signal) => api.tokens.list.query(all ? { all: "true" } : undefined, { signal }).then((r) => r.tokens),
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });
  const tokens = list.data ? [...list.data].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)) : null;

  function closeRevoke(): void {
    setRevoking(null);
    if (revokeButton.current?.isConnected) revokeButton.current.focus();
  }

  async function revoke(t: TokenView): Promise<void> {
    if (busy) return;
    setBusy(true);
    setAlert(null);
    try {
      await api.tokens.revoke.mutate({ id: t.id });
      setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text: `Token “${t.name}” revoked: it stops working within a second, everywhere.` }));
      list.refresh();
    } catch (err) {
      if (isUnauthorized(err)) return onUnauthorized();
      setAlert(`Could not revoke “${t.name}”: ${describeError(err)}.`);
    } finally {
      setBusy(false);
      closeRevoke();
    }
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="API tokens"
        description="Tokens let scripts, the CLI and other services call the API with a role. The secret is shown once when a token is created; the server keeps only its hash."
        aside={<RefreshState what="Tokens" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />}
      />

      <section aria-labelledby="create-token-heading" className={`${card} space-y-4`}>
        <div>
          <h2 id="create-token-heading" className={sectionHeading}>
            Create a token
          </h2>
          <p className={sectionText}>Creating a token is a sensitive action: you may be asked to confirm your second factor (a code from your authenticator app, or a passkey).</p>
        </div>
        {created ? (
          <CreatedTokenPanel token={created} onDone={() => setCreated(null)} />
        ) : (
          <CreateTokenForm
            roles={grantableRoles(session)}
            onUnauthorized={onUnauthorized}
            onCreated={(t) => {
              setCreated(t);
              list.refresh();
            }}
          />
        )}
      </section>

      <section aria-labelledby="tokens-heading" className="space-y-3">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <h2 id="tokens-heading" className={sectionHeading}>
              {all ? "Everyone's tokens" : "Your tokens"}
            </h2>
            <p className={sectionText}>Newest first. Revoked and expired tokens stay listed.</p>
          </div>
          {mayManage ? (
            <div className="flex items-center gap-2">
              <input
                id={allId}
                type="checkbox"
                checked={all}
                onChange={(e) => setAll(e.target.checked)}
                className="size-4 rounded border-slate-500 accent-blue-700 dark:accent-blue-400"
              />
              <label htmlFor={allId} className="text-sm font-medium text-slate-900 dark:text-slate-100">
                Show everyone&apos;s tokens
              </label>
            </div>
          ) : null}
        </div>

        <AlertMessage>{alert}</AlertMessage>
        <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>

        {revoking ? (
          <ConfirmPanel
            title={`Revoke the token “${revoking.name}”?`}
            confirmLabel="Revoke now"
            cancelLabel="Keep it"
            busy={busy}
            busyLabel="Revoking…"
            onCancel={closeRevoke}
            onConfirm={() => void revoke(revoking)}
          >
            <p>
              Everything using it ({revoking.prefix}…, role {revoking.role}) is refused from now on, and its open live connections close.
              This cannot be undone.
            </p>
          </ConfirmPanel>
        ) : null}

        {tokens === null ? (
          list.error ? (
            <Notice tone="error">Could not load the tokens: {list.error}.</Notice>
          ) : (
            <p className="py-6 text-sm text-slate-600 dark:text-slate-300">Loading tokens…</p>
          )
        ) : tokens.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
            No tokens yet.
          </p>
        ) : (
          <TokensTable
            tokens={tokens}
            now={list.updatedAt ?? 0}
            showOwner={all}
            onRevoke={(t, button) => {
              revokeButton.current = button;
              setRevoking(t);
            }}
          />
        )}
      </section>
    </div>
  );
}
