"use client";

import { useState } from "react";
import { ROLES, type Role } from "@switchyard/shared/permissions";
import type { UserView } from "@switchyard/shared/identity";
import { formatDateTime } from "../lib/format";
import { fieldBase, secondaryButton } from "./button-classes";
import { TableRegion } from "./table-region";
import { sub, tbody, td, th, thead } from "./table-classes";

export type UserAction =
  | { kind: "role"; user: UserView; role: Role }
  | { kind: "disable" | "enable" | "reset-mfa"; user: UserView };

function RoleCell(props: { user: UserView; busy: boolean; onAction: (a: UserAction, button: HTMLButtonElement) => void }) {
  const [role, setRole] = useState<Role>(props.user.role);
  const selectId = `role-${props.user.id}`;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={selectId} className="sr-only">
        Role of {props.user.name}
      </label>
      <select id={selectId} value={role} onChange={(e) => setRole(e.target.value as Role)} className={`${fieldBase} w-32`}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={secondaryButton}
        aria-disabled={role === props.user.role || props.busy || undefined}
        onClick={(e) => role !== props.user.role && !props.busy && props.onAction({ kind: "role", user: props.user, role }, e.currentTarget)}
      >
        Save role<span className="sr-only"> of {props.user.name}</span>
      </button>
    </div>
  );
}

/** People: role (changeable), state, second factor; disable or enable, reset the second factor. */
export function UsersTable(props: {
  users: readonly UserView[];
  selfId: string | null;
  busy: boolean;
  onAction: (a: UserAction, button: HTMLButtonElement) => void;
}) {
  return (
    <TableRegion captionId="users-caption" caption="People: name and email, role, state, second factor and actions">
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Person</th>
          <th scope="col" className={th}>Role</th>
          <th scope="col" className={th}>State</th>
          <th scope="col" className={th}>Second factor</th>
          <th scope="col" className={th}>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {props.users.map((u) => (
          <tr key={`${u.id}:${u.role}`} data-user={u.email}>
            <th scope="row" className={`${td} text-left`}>
              <span className="block font-semibold">
                {u.name}
                {u.id === props.selfId ? <span className="font-normal text-slate-600 dark:text-slate-300"> (you)</span> : null}
              </span>
              <span className={`${sub} break-all`}>{u.email}</span>
              <span className={sub}>since {formatDateTime(u.createdAt)}</span>
            </th>
            <td className={td}>
              <RoleCell user={u} busy={props.busy} onAction={props.onAction} />
            </td>
            <td className={td} data-col="state">
              {u.disabled ? "disabled" : "active"}
            </td>
            <td className={td}>{secondFactors(u)}</td>
            <td className={td}>
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className={secondaryButton}
                  aria-disabled={props.busy || undefined}
                  onClick={(e) => !props.busy && props.onAction({ kind: u.disabled ? "enable" : "disable", user: u }, e.currentTarget)}
                >
                  {u.disabled ? "Enable" : "Disable"}
                  <span className="sr-only"> {u.name}</span>
                </button>
                {u.mfaEnabled ? (
                  <button
                    type="button"
                    className={secondaryButton}
                    aria-disabled={props.busy || undefined}
                    onClick={(e) => !props.busy && props.onAction({ kind: "reset-mfa", user: u }, e.currentTarget)}
                  >
                    Reset second factor<span className="sr-only"> of {u.name}</span>
                  </button>
                ) : null}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}

/** The person's second factors in words: "authenticator app", "2 passkeys", both, or "none". */
function secondFactors(u: { totpEnabled: boolean; passkeys: number }): string {
  const parts = [u.totpEnabled ? "authenticator app" : null, u.passkeys > 0 ? (u.passkeys === 1 ? "1 passkey" : `${u.passkeys} passkeys`) : null];
  return parts.filter((p) => p !== null).join(", ") || "none";
}
