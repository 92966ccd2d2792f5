import type { TokenView } from "@switchyard/shared/identity";
import { formatDateTime } from "../lib/format";
import { secondaryButton } from "./button-classes";
import { TableRegion } from "./table-region";
import { sub, tbody, td, th, thead } from "./table-classes";

export function tokenState(t: TokenView, now: number): "active" | "revoked" | "expired" {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return "expired";
  return "active";
}

const STATE_CLASS = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  revoked: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  expired: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
} as const;

/** API tokens: prefix, role, scopes, last use, expiry and state; active ones can be revoked. */
export function TokensTable(props: { tokens: readonly TokenView[]; now: number; showOwner: boolean; onRevoke: (t: TokenView, button: HTMLButtonElement) => void }) {
  return (
    <TableRegion captionId="tokens-caption" caption="API tokens: name, prefix, role, scopes, last use, expiry and state">
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Name</th>
          <th scope="col" className={th}>Prefix</th>
          <th scope="col" className={th}>Role</th>
          <th scope="col" className={th}>Scopes</th>
          {props.showOwner ? <th scope="col" className={th}>Created by</th> : null}
          <th scope="col" className={th}>Last used</th>
          <th scope="col" className={th}>Expires</th>
          <th scope="col" className={th}>State</th>
          <th scope="col" className={th}>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {props.tokens.map((t) => {
          const state = tokenState(t, props.now);
          return (
            <tr key={t.id} data-token={t.id}>
              <th scope="row" className={`${td} text-left font-semibold`}>
                {t.name}
                <span className={`${sub} font-normal`}>created {formatDateTime(t.createdAt)}</span>
              </th>
              <td className={`${td} font-mono text-xs`}>{t.prefix}…</td>
              <td className={td}>{t.role}</td>
              <td className={td}>{t.scopes.length ? t.scopes.join(", ") : <span className="text-slate-600 dark:text-slate-300">none</span>}</td>
              {props.showOwner ? <td className={`${td} break-all`}>{t.createdBy}</td> : null}
              <td className={`${td} whitespace-nowrap`}>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</td>
              <td className={`${td} whitespace-nowrap`}>{t.expiresAt ? formatDateTime(t.expiresAt) : "never"}</td>
              <td className={td} data-col="state">
                <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STATE_CLASS[state]}`}>
                  {state === "revoked" && t.revokedAt ? `revoked ${formatDateTime(t.revokedAt)}` : state}
                </span>
              </td>
              <td className={td}>
                {state === "active" ? (
                  <button type="button" className={secondaryButton} onClick={(e) => props.onRevoke(t, e.currentTarget)}>
                    Revoke<span className="sr-only"> {t.name}</span>
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
