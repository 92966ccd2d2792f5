import { roleHasPermission, type Role } from "@switchyard/shared";

/** Who a task belongs to: the person behind the call, else the automation token itself. */
export function taskOwner(who: { userId: string | null; tokenId: string | null; id?: string }): string {
  if (who.userId) return `user:${who.userId}`;
  return `token:${who.tokenId ?? who.id ?? ""}`;
}

/**
 * Which tasks a role reads: "all" with `tasks:read-all` (viewers and up), "own" with only
 * `tasks:read` (submitters: the tasks they submitted, through any of their tokens or their
 * session), "none" without `tasks:read` (auditors).
 */
export function taskReadScope(role: Role): "all" | "own" | "none" {
  if (roleHasPermission(role, "tasks:read-all")) return "all";
  return roleHasPermission(role, "tasks:read") ? "own" : "none";
}

/** How a caller's submissions are recorded: who submitted them, and whether its own-task list must find them. */
export function submitterOf(caller: { role: Role; userId: string | null; tokenId: string | null; id?: string }): {
  submittedBy: string;
  listedForSubmitter: boolean;
} {
  return { submittedBy: taskOwner(caller), listedForSubmitter: taskReadScope(caller.role) === "own" };
}

/** The owner a caller's task reads are limited to, or undefined when it reads every task. */
export function ownTasksOnly(caller: { role: Role; userId: string | null; tokenId: string | null; id?: string }): string | undefined {
  return taskReadScope(caller.role) === "all" ? undefined : taskOwner(caller);
}
