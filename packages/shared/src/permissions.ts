/**
 * Roles a person or an API token can hold, most privileged first. `auditor` sits apart: it reads,
 * verifies and exports the audit log and nothing else, so it is not "above" or "below" the others.
 */
export const ROLES = ["admin", "operator", "submitter", "viewer", "auditor"] as const;
export type Role = (typeof ROLES)[number];

/** Kept for existing callers: tokens carry the same roles as people. */
export const TOKEN_ROLES = ROLES;
export type TokenRole = Role;

export function isTokenRole(value: string): value is TokenRole {
  return (ROLES as readonly string[]).includes(value);
}

/** What an operation may require of its caller. */
export const PERMISSIONS = [
  /** Read tasks: one's own only, unless with tasks:read-all. */
  "tasks:read",
  /** Read every task, whoever submitted it. */
  "tasks:read-all",
  "tasks:submit",
  "tasks:control",
  "pools:read",
  "pools:write",
  "pools:reset",
  "loadtests:run",
  "faults:write",
  "collections:read",
  "collections:write",
  "rag:query",
  "schedules:read",
  "schedules:write",
  /** Create, list and revoke one's own API tokens. */
  "tokens:own",
  /** List and revoke everyone's tokens. */
  "tokens:manage",
  "users:manage",
  "audit:read",
  "audit:verify",
  "audit:export",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Least privilege: operators steer work (cancel, retry, redrive, pause, drain, concurrency,
 * load tests, collections, schedules); only admins reset pools, set fault flags, manage people
 * and everyone's tokens; submitters add work and read their own tasks; viewers only read; auditors only read,
 * verify and export the audit log (and hold their own tokens, for the CLI).
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  operator: [
    "tasks:read",
    "tasks:read-all",
    "tasks:submit",
    "tasks:control",
    "pools:read",
    "pools:write",
    "loadtests:run",
    "collections:read",
    "collections:write",
    "rag:query",
    "schedules:read",
    "schedules:write",
    "tokens:own",
  ],
  submitter: ["tasks:read", "tasks:submit", "pools:read", "collections:read", "rag:query", "schedules:read", "tokens:own"],
  viewer: ["tasks:read", "tasks:read-all", "pools:read", "collections:read", "schedules:read", "tokens:own"],
  auditor: ["audit:read", "audit:verify", "audit:export", "tokens:own"],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * The roles a holder of `role` may hand out (to a token or, for admins, to a person): never
 * more than one's own. Auditors may only hand out auditor.
 */
export function assignableRoles(role: Role): readonly Role[] {
  switch (role) {
    case "admin":
      return ROLES;
    case "operator":
      return ["operator", "submitter", "viewer"];
    case "submitter":
      return ["submitter", "viewer"];
    case "viewer":
      return ["viewer"];
    case "auditor":
      return ["auditor"];
  }
}
