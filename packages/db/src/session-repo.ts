/** A dashboard session as stored (the cookie value is kept only as its hash). */
export interface SessionRecord {
  id: string;
  userId: string;
  epoch: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  mfaVerifiedAt: Date | null;
  clientAddress: string | null;
  userAgent: string | null;
  revokedAt: Date | null;
}

export interface SessionRepo {
  create(input: {
    tokenHash: string;
    userId: string;
    epoch: number;
    expiresAt: Date;
    mfaVerifiedAt?: Date | null;
    clientAddress?: string | null;
    userAgent?: string | null;
  }): Promise<SessionRecord>;
  /** The active session with this hash (not revoked, not past its absolute expiry), or null. */
  findActive(tokenHash: string, now: Date): Promise<SessionRecord | null>;
  /** Moves lastSeenAt forward (idle expiry counts from it). */
  touch(id: string, at: Date): Promise<void>;
  markMfa(id: string, at: Date): Promise<void>;
  revoke(id: string): Promise<void>;
  /** Every active session of one person; returns their ids. */
  revokeAllFor(userId: string): Promise<string[]>;
}
