import type { ApiClient } from "../lib/trpc-client";

export type AuditEntry = Awaited<ReturnType<ApiClient["audit"]["list"]["query"]>>["entries"][number];

const dt = "text-xs font-semibold text-slate-700 dark:text-slate-200";
const dd = "font-mono text-xs break-all text-slate-900 dark:text-slate-100";

/** Everything an entry records: who, from where, the redacted input as JSON, and its place in the hash chain. */
export function AuditEntryDetail({ entry }: { entry: AuditEntry }) {
  const rows: Array<[string, string]> = [
    ["Entry id", entry.id],
    ["Sequence", String(entry.seq)],
    ["Actor", `${entry.actor.type}${entry.actor.name ? ` · ${entry.actor.name}` : ""}${entry.actor.id ? ` (${entry.actor.id})` : ""}`],
    ["Reason", entry.reason ?? "—"],
    ["Client address", entry.clientAddress ?? "—"],
    ["User agent", entry.userAgent ?? "—"],
    ["Request id", entry.requestId ?? "—"],
    ["Input digest (sha256)", entry.inputDigest],
    ["Previous hash", entry.prevHash],
    ["Hash", entry.hash],
  ];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1.5 sm:grid-cols-[max-content_1fr]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className={dt}>{k}</dt>
            <dd className={dd}>{v}</dd>
          </div>
        ))}
      </dl>
      <div>
        <p className={dt} id={`input-${entry.id}`}>
          Input (secrets redacted)
        </p>
        <pre
          tabIndex={0}
          role="region"
          aria-labelledby={`input-${entry.id}`}
          className="mt-1 max-h-80 overflow-auto rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-xs text-slate-900 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100"
        >
          {entry.input === null || entry.input === undefined ? "(none)" : JSON.stringify(entry.input, null, 2)}
        </pre>
      </div>
    </div>
  );
}
