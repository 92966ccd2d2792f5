import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Bearer-token check: runner keys from config (kept only as sha256 digests, compared in
 * constant time) and, optionally, platform API tokens through an injected verifier.
 * Tokens are never logged.
 */
export type VerifyToken = (token: string) => Promise<boolean>;

export interface Authenticator {
  /** True when the token is a runner key or the verifier accepts it. */
  check(token: string): Promise<boolean>;
  /** Whether any way of authenticating is configured. */
  readonly configured: boolean;
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

/**
 * Accepted platform tokens are remembered (by digest) for `cacheTtlMs`, so a busy client
 * does not cost a verifier call per request; a revoked token stops working within that time.
 * Nothing here holds a token in the clear: runner keys and cached tokens are digests only.
 */
export function createAuthenticator(keys: readonly string[], verifyToken?: VerifyToken, cacheTtlMs = 30_000): Authenticator {
  const digests = keys.filter((k) => k.length > 0).map(digest);
  const accepted = new Map<string, number>();
  return {
    configured: digests.length > 0 || verifyToken !== undefined,
    async check(token: string): Promise<boolean> {
      if (!token) return false;
      const d = digest(token);
      let match = false;
      // Compare against every key (no early exit) so timing does not reveal which matched.
      for (const k of digests) if (timingSafeEqual(k, d)) match = true;
      if (match) return true;
      if (!verifyToken) return false;
      const key = d.toString("hex");
      const until = accepted.get(key);
      if (until !== undefined && until > Date.now()) return true;
      try {
        const ok = await verifyToken(token);
        if (ok && cacheTtlMs > 0) {
          if (accepted.size >= 1000) accepted.clear();
          accepted.set(key, Date.now() + cacheTtlMs);
        } else {
          accepted.delete(key);
        }
        return ok;
      } catch {
        return false;
      }
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}
