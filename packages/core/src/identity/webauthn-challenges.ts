import type { Redis } from "ioredis";

/** What a pending challenge is for: adding a passkey, or confirming one (step-up). */
export type SessionCeremony = "register" | "verify";

/**
 * Pending WebAuthn challenges, server-side in Redis with a short expiry, each usable once
 * (GETDEL). A signed-in session's ceremony is keyed by the session (starting again replaces the
 * challenge); a sign-in's, which has no session yet, by the challenge itself, holding the person
 * it was issued for. Keys: `…:{switchyard}:webauthn:<ceremony>:<session id>` and
 * `…:{switchyard}:webauthn:sign-in:<challenge>`.
 */
export class WebAuthnChallenges {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  async issueForSession(ceremony: SessionCeremony, sessionId: string, challenge: string): Promise<void> {
    await this.redis.set(`${this.keyPrefix}:${ceremony}:${sessionId}`, challenge, "EX", this.ttlSeconds);
  }

  /** The session's pending challenge, removed as it is read; null when none is pending (used, expired, never issued). */
  takeForSession(ceremony: SessionCeremony, sessionId: string): Promise<string | null> {
    return this.redis.getdel(`${this.keyPrefix}:${ceremony}:${sessionId}`);
  }

  async issueForSignIn(challenge: string, userId: string): Promise<void> {
    await this.redis.set(this.signInKey(challenge), userId, "EX", this.ttlSeconds);
  }

  /** The person a sign-in challenge was issued for, removed as it is read; null when it is not pending. */
  takeForSignIn(challenge: string): Promise<string | null> {
    return this.redis.getdel(this.signInKey(challenge));
  }

  private signInKey(challenge: string): string {
    return `${this.keyPrefix}:sign-in:${challenge}`;
  }
}
