/** Roles an API token can carry, most privileged first. */
export const TOKEN_ROLES = ["admin", "operator", "submitter", "viewer"] as const;

export type TokenRole = (typeof TOKEN_ROLES)[number];

export function isTokenRole(value: string): value is TokenRole {
  return (TOKEN_ROLES as readonly string[]).includes(value);
}
