import { ROLES, roleHasPermission, type Role } from "@switchyard/shared";
import type { AnyOperation } from "./operation.js";

/** What one role may do with one operation. */
export function roleAllows(op: AnyOperation, role: Role): boolean {
  return op.permission === "public" || op.permission === "authenticated" || roleHasPermission(role, op.permission);
}

/**
 * The role → operation table as Markdown, generated from the registry: ARCHITECTURE.md and the
 * docs page carry it, and a test keeps ARCHITECTURE.md's copy equal to it.
 * "✓" allowed; "✓²" allowed and sensitive (a token needs the `sensitive` scope, a session a
 * second factor within 5 minutes); "—" refused.
 */
export function roleTableMarkdown(operations: readonly AnyOperation[]): string {
  const header = `| operation | permission | ${ROLES.join(" | ")} |`;
  const rule = `|---|---|${ROLES.map(() => ":-:").join("|")}|`;
  const rows = [...operations]
    .sort((a, b) => a.tag.localeCompare(b.tag) || a.name.localeCompare(b.name))
    .map((op) => {
      const cells = ROLES.map((role) => (roleAllows(op, role) ? (op.sensitive ? "✓²" : "✓") : "—"));
      return `| \`${op.name}\` | ${op.permission} | ${cells.join(" | ")} |`;
    });
  return [header, rule, ...rows].join("\n");
}
