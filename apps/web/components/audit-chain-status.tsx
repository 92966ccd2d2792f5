"use client";

import { useEffect, useState } from "react";
import { AUDIT_EXPORT_URL, downloadAuditExport } from "../lib/download-export";
import { formatDateTime, formatInt } from "../lib/format";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { primaryButton, secondaryButton } from "./button-classes";
import { CopyButton } from "./copy-button";
import { AlertMessage, StatusMessage } from "./live-message";
import { card, sectionHeading, sectionText } from "./table-classes";

type VerifyResult = Awaited<ReturnType<typeof api.audit.verify.mutate>>;
type PublicKey = Awaited<ReturnType<typeof api.audit.publicKey.query>>;

function describeVerify(r: VerifyResult): string {
  const cp = r.lastCheckpoint
    ? ` Last signed checkpoint: ${formatInt(r.lastCheckpoint.size)} entries${r.lastCheckpoint.time ? `, ${formatDateTime(r.lastCheckpoint.time)}` : ""}.`
    : " No checkpoint signed yet.";
  return `The audit log verifies: ${formatInt(r.checkedEntries)} entries checked, the hash chain and signed checkpoints are intact.${cp}`;
}

/** Chain status (verify now), the export download and the checkpoint-signing public key. */
export function AuditChainStatus(props: { onUnauthorized: () => void }) {
  const { can } = useAuth();
  const [result, setResult] = useState<{ seq: number; r: VerifyResult; at: number } | null>(null);
  const [busy, setBusy] = useState<"verify" | "export" | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [key, setKey] = useState<PublicKey | null>(null);

  useEffect(() => {
    let live = true;
    api.audit.publicKey.query().then(
      (k) => live && setKey(k),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  async function verify(): Promise<void> {
    if (busy) return;
    setBusy("verify");
    setAlert(null);
    try {
      const r = await api.audit.verify.mutate();
      setResult((prev) => ({ seq: (prev?.seq ?? 0) + 1, r, at: Date.now() }));
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setAlert(`Could not verify: ${describeError(err)}.`);
    } finally {
      setBusy(null);
    }
  }

  async function exportLog(): Promise<void> {
    if (busy) return;
    setBusy("export");
    setAlert(null);
    try {
      await downloadAuditExport();
    } catch (err) {
      setAlert(`Could not export: ${err instanceof Error ? err.message : "request failed"}.`);
    } finally {
      setBusy(null);
    }
  }

  const bad = result && !result.r.ok ? result.r : null;

  return (
    <section aria-labelledby="chain-heading" className={`${card} space-y-4`}>
      <div>
        <h2 id="chain-heading" className={sectionHeading}>
          Integrity
        </h2>
        <p className={sectionText}>
          Each entry&apos;s hash covers the one before it, and checkpoints of the whole log are signed with the key below. Verifying
          recomputes all of it and names the first entry that does not match.
        </p>
      </div>

      <div className="flex flex-wrap items-center gap-2">
        {can("audit:verify") ? (
          <button type="button" className={primaryButton} aria-disabled={busy !== null || undefined} onClick={() => void verify()}>
            {busy === "verify" ? "Verifying…" : "Verify now"}
          </button>
        ) : null}
        {can("audit:export") ? (
          // A real link (works without script, with the session cookie); the click fetches instead so a step-up can be asked.
          <a
            href={AUDIT_EXPORT_URL}
            download="switchyard-audit.jsonl"
            className={secondaryButton}
            aria-disabled={busy !== null || undefined}
            onClick={(e) => {
              e.preventDefault();
              void exportLog();
            }}
          >
            {busy === "export" ? "Exporting…" : "Export (JSON Lines)"}
          </a>
        ) : null}
      </div>

      <AlertMessage>
        {alert ??
          (bad
            ? `The audit log does NOT verify: ${bad.firstBad ? `${bad.firstBad.kind} ${bad.firstBad.seq !== null ? `#${bad.firstBad.seq} ` : ""}(${bad.firstBad.id}): ${bad.firstBad.reason}` : "unknown cause"}. ${formatInt(bad.checkedEntries)} entries checked.`
            : null)}
      </AlertMessage>
      <StatusMessage seq={result?.seq}>{result?.r.ok ? describeVerify(result.r) : null}</StatusMessage>
      {result?.r.ok === true || result === null ? (
        <p className="text-sm text-slate-700 dark:text-slate-200">
          {result ? `Last verified ${formatDateTime(result.at)}.` : "Not verified during this visit yet."}
        </p>
      ) : null}

      <div className="space-y-2">
        <h3 className="text-base font-semibold text-slate-900 dark:text-white">Checkpoint signing key</h3>
        {key ? (
          <>
            <p className="text-sm text-slate-700 dark:text-slate-200">
              {key.algorithm} · key name <span className="font-mono">{key.name}</span> · key id <span className="font-mono">{key.keyId}</span>. Also at{" "}
              <a href="/api/v1/audit/public-key" className="text-blue-800 underline underline-offset-2 dark:text-blue-300">
                /api/v1/audit/public-key
              </a>
              .
            </p>
            <pre
              tabIndex={0}
              role="region"
              aria-label="Public key, PEM"
              className="overflow-x-auto rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-xs text-slate-900 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100"
            >
              {key.pem.trim()}
            </pre>
            <CopyButton text={key.pem} label="Copy the public key" />
          </>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">Loading the public key…</p>
        )}
      </div>
    </section>
  );
}
