import { createHash } from "node:crypto";
import type { Database, TokenRecord } from "@switchyard/db";
import { ForbiddenError, UnauthorizedError } from "@switchyard/shared";

export type Role = TokenRecord["role"];

/**
 * Least privilege: what each role may do. Operators steer work (cancel, retry, redrive,
 * pause, drain, concurrency, load tests); only admins may reset a pool or set fault flags.
 */
export type Permission =
  | "tasks:read"
  | "tasks:submit"
  | "tasks:control"
  | "pools:read"
  | "pools:write"
  | "pools:reset"
  | "loadtests:run"
  | "faults:write";
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ["tasks:read", "tasks:submit", "tasks:control", "pools:read", "pools:write", "pools:reset", "loadtests:run", "faults:write"],
  operator: ["tasks:read", "tasks:submit", "tasks:control", "pools:read", "pools:write", "loadtests:run"],
  submitter: ["tasks:read", "tasks:submit", "pools:read"],
  viewer: ["tasks:read", "pools:read"],
};

const CACHE_TTL_MS = 30_000;

/**
 * Verifies bearer tokens against the database (hashes only), caching answers briefly
 * so a busy client costs no database round trip per request. Cache keys are hashes too.
 */
export class Authenticator {
  private cache = new Map<string, { record: TokenRecord | null; expires: number }>();

  constructor(private readonly db: Database) {}

  async fromHeader(header: string | null | undefined): Promise<TokenRecord> {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) throw new UnauthorizedError("missing bearer token (Authorization: Bearer <token>)");
    return this.verify(match[1]);
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
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { record, expires: now + CACHE_TTL_MS });
    }
    if (!record) throw new UnauthorizedError();
    return record;
  }
}

export function requirePermission(record: TokenRecord, permission: Permission): void {
  if (!ROLE_PERMISSIONS[record.role].includes(permission)) {
    throw new ForbiddenError(`role ${record.role} lacks ${permission}`);
  }
}
