import { assignableRoles, ROLES, type Role } from "@switchyard/shared/permissions";
import type { SessionView } from "@switchyard/shared/identity";

/**
 * The roles this person may hand to a token: never more than their own. A pasted token's role is
 * not known to the page, so every role is offered and the server refuses what it must.
 */
export function grantableRoles(session: SessionView | null | undefined): readonly Role[] {
  return session ? assignableRoles(session.user.role) : ROLES;
}
