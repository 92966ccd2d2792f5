/** Roles an API token can carry, most privileged first. */
export const TOKEN_ROLES = ["admin", "operator", "submitter", "viewer"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export function isTokenRole(value: string): value is TokenRole {
  return (TOKEN_ROLES as readonly string[]).includes(value);
}

/** What an operation may require of its caller. */
export const PERMISSIONS = [
  "tasks:read",
  "tasks:submit",
  "tasks:control",
  "pools:read",
  "pools:write",
  "pools:reset",
  "loadtests:run",
  "faults:write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Least privilege: operators steer work (cancel, retry, redrive, pause, drain, concurrency,
 * load tests); only admins may reset a pool or set fault flags; submitters add work and read;
 * viewers only read.
 */
export const ROLE_PERMISSIONS: Readonly<Record<TokenRole, readonly Permission[]>> = {
  admin: PERMISSIONS,
  operator: ["tasks:read", "tasks:submit", "tasks:control", "pools:read", "pools:write", "loadtests:run"],
  submitter: ["tasks:read", "tasks:submit", "pools:read"],
  viewer: ["tasks:read", "pools:read"],
};

export function roleHasPermission(role: TokenRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
