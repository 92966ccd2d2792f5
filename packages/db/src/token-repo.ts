import type { TokenRole } from "@switchyard/shared";

/** An API token as stored: everything but the secret (only its hash is kept). */
export interface TokenRecord {
  id: string;
  name: string;
  role: TokenRole;
  /** The token's first characters, enough to tell tokens apart in a list. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Refused from this time on; null: no expiry. */
  expiresAt: Date | null;
  /** E.g. ["sensitive"]: may run sensitive operations. */
  scopes: string[];
  /** The person who holds it; null for automation tokens (the bootstrap token). */
  ownerId: string | null;
  /** "user:<id>", "token:<id>" or "system". */
  createdBy: string;
}

export interface CreateTokenInput {
  name: string;
  role: TokenRole;
  expiresAt?: Date | null;
  scopes?: readonly string[];
  ownerId?: string | null;
  createdBy?: string;
}

export interface TokenRepo {
  /** Creates a token; the plaintext is returned once and never stored. */
  create(input: CreateTokenInput): Promise<{ token: string; record: TokenRecord }>;
  /** The token's record, or null when it is unknown, revoked or expired. */
  verify(token: string): Promise<TokenRecord | null>;
  /** The record by id (revoked ones included), or null. */
  get(id: string): Promise<TokenRecord | null>;
  /** Tokens, revoked ones included, newest first; only one owner's when ownerId is given. */
  list(filter?: { ownerId?: string }): Promise<TokenRecord[]>;
  /** True when the token existed and was active; false when unknown or already revoked. */
  revoke(id: string): Promise<boolean>;
  /** Revokes every active token of one owner (a disabled person); returns their ids. */
  revokeOwnedBy(ownerId: string): Promise<string[]>;
  /** Number of tokens ever created (revoked ones included). */
  count(): Promise<number>;
}
