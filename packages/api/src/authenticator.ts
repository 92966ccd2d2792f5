import { createHash } from "node:crypto";
import type { Database, TokenRecord } from "@switchyard/db";
import { UnauthorizedError } from "@switchyard/shared";

const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

/** The bearer token of an Authorization header, or null when there is none in the right form. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * Verifies bearer tokens against the database (hashes only), caching answers briefly
 * so a busy client costs no database round trip per request. Cache keys are hashes too.
 */
export class Authenticator {
  private cache = new Map<string, { record: TokenRecord | null; expires: number }>();

  constructor(private readonly db: Database) {}

  async fromHeader(header: string | null | undefined): Promise<TokenRecord> {
    const token = bearerToken(header);
    if (!token) throw new UnauthorizedError("missing bearer token (Authorization: Bearer <token>)");
    return this.verify(token);
  }

  async verify(token: string): Promise<TokenRecord> {
    if (token.length > 512) throw new UnauthorizedError();
    const key = createHash("sha256").update(token).digest("hex");
    const now = Date.now();
    const hit = this.cache.get(key);
    let record: TokenRecord | null;
    if (hit && hit.expires > now) {
      record = hit.record;
    } else {
      record = await this.db.tokens.verify(token);
      if (this.cache.size > CACHE_MAX) this.cache.clear();
      this.cache.set(key, { record, expires: now + CACHE_TTL_MS });
    }
    // A cached answer still ends at the token's expiry.
    if (!record || (record.expiresAt && record.expiresAt.getTime() <= now)) throw new UnauthorizedError();
    return record;
  }

  /**
   * Drops every cached answer: called on any revocation (the bus reaches every process), so a
   * revoked token stops working at once rather than when its cache entry ages out.
   */
  forgetAll(): void {
    this.cache.clear();
  }
}


