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
}

export interface TokenRepo {
  /** Creates a token; the plaintext is returned once and never stored. */
  create(input: { name: string; role: TokenRole }): Promise<{ token: string; record: TokenRecord }>;
  /** The token's record, or null when it is unknown or revoked. */
  verify(token: string): Promise<TokenRecord | null>;
  /** All tokens, revoked ones included, newest first. */
  list(): Promise<TokenRecord[]>;
  /** True when the token existed and was active; false when unknown or already revoked. */
  revoke(id: string): Promise<boolean>;
  /** Number of tokens ever created (revoked ones included). */
  count(): Promise<number>;
}
