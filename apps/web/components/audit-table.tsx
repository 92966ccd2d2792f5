"use client";

import { Fragment } from "react";
import { formatDateTime } from "../lib/format";
import { AuditEntryDetail, type AuditEntry } from "./audit-entry-detail";
import { OUTCOME_LABELS } from "./audit-filters";
import { secondaryButton } from "./button-classes";
import { TableRegion } from "./table-region";
import { sub, tbody, td, th, thead } from "./table-classes";

const OUTCOME_CLASS: Record<AuditEntry["outcome"], string> = {
  allowed: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  denied_role: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  denied_policy: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  denied_mfa: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  failed: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
};

/** Audit entries, newest first; each row opens its detail (redacted input, hashes) below it. */
export function AuditTable(props: {
  entries: readonly AuditEntry[];
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  busy?: boolean;
}) {
  return (
    <TableRegion captionId="audit-caption" caption="Audit entries, newest first: time, actor, action, target and outcome" busy={props.busy}>
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Time</th>
          <th scope="col" className={th}>Actor</th>
          <th scope="col" className={th}>Action</th>
          <th scope="col" className={th}>Target</th>
          <th scope="col" className={th}>Outcome</th>
          <th scope="col" className={th}>
            <span className="sr-only">Details</span>
          </th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {props.entries.map((e) => {
          const open = props.expanded.has(e.id);
          const detailId = `audit-detail-${e.id}`;
          return (
            <Fragment key={e.id}>
              <tr data-audit={e.action} data-audit-id={e.id}>
                <td className={`${td} whitespace-nowrap`}>
                  {formatDateTime(e.time)}
                  <span className={sub}>#{e.seq}</span>
                </td>
                <td className={td}>
                  {e.actor.name ?? e.actor.id ?? e.actor.type}
                  <span className={sub}>{e.actor.type}</span>
                </td>
                <th scope="row" className={`${td} text-left font-mono text-xs font-semibold`}>
                  {e.action}
                </th>
                <td className={`${td} min-w-48 break-words`}>{e.target ?? "—"}</td>
                <td className={td} data-col="outcome">
                  <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${OUTCOME_CLASS[e.outcome]}`}>
                    {OUTCOME_LABELS[e.outcome]}
                  </span>
                </td>
                <td className={td}>
                  <button type="button" className={secondaryButton} aria-expanded={open} aria-controls={open ? detailId : undefined} onClick={() => props.onToggle(e.id)}>
                    {open ? "Hide details" : "Details"}
                    <span className="sr-only"> of {e.action} #{e.seq}</span>
                  </button>
                </td>
              </tr>
              {open ? (
                <tr id={detailId}>
                  <td colSpan={6} className="bg-slate-50 px-3 py-4 dark:bg-slate-950">
                    <AuditEntryDetail entry={e} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
