import type { Database, TokenRecord } from "@switchyard/db";
import { assignableRoles, ForbiddenError, NotFoundError, roleHasPermission, ValidationError, type Role, type TokenView } from "@switchyard/shared";
import type { Caller } from "./principal.js";
import { SENSITIVE_SCOPE } from "./principal.js";
import type { RevocationBus } from "./revocation-bus.js";

/** The longest a token may be made to last (a token without expiry is allowed, by choice). */
const MAX_EXPIRY_MS = 5 * 365 * 24 * 3_600_000;

/**
 * API tokens managed by the people (and automation) that hold them: a token never carries
 * more than its maker's role, the `sensitive` scope only from a maker who may run sensitive
 * operations now, and revocation reaches every process at once through the bus.
 */
export class TokenAdmin {
  constructor(
    private readonly db: Database,
    private readonly bus: RevocationBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(
    caller: Caller,
    input: { name: string; role: Role; expiresAt?: string | undefined; scopes?: readonly string[] | undefined },
    /** Whether the caller passed step-up (sessions) or holds the sensitive scope (tokens). */
    callerMaySensitive: boolean,
  ): Promise<{ token: string; view: TokenView }> {
    if (!assignableRoles(caller.role).includes(input.role)) {
      throw new ForbiddenError(`a ${caller.role} may not create a token with role ${input.role}`);
    }
    const scopes = [...new Set(input.scopes ?? [])];
    if (scopes.includes(SENSITIVE_SCOPE) && !callerMaySensitive) {
      throw new ForbiddenError("only a caller allowed sensitive operations may grant the sensitive scope");
    }
    let expiresAt: Date | null = null;
    if (input.expiresAt !== undefined) {
      expiresAt = new Date(input.expiresAt);
      const ms = expiresAt.getTime() - this.now().getTime();
      if (ms <= 0) throw new ValidationError([{ path: "expiresAt", message: "must be in the future" }]);
      if (ms > MAX_EXPIRY_MS) throw new ValidationError([{ path: "expiresAt", message: "at most 5 years ahead" }]);
    }
    const { token, record } = await this.db.tokens.create({
      name: input.name,
      role: input.role,
      expiresAt,
      scopes,
      ownerId: caller.userId,
      createdBy: `${caller.kind === "session" ? "user" : "token"}:${caller.kind === "session" ? (caller.userId ?? caller.id) : caller.id}`,
    });
    return { token, view: tokenView(record) };
  }

  /** Everyone's tokens for holders of tokens:manage (or all=false: one's own), else one's own. */
  async list(caller: Caller, all: boolean): Promise<TokenView[]> {
    if (all && roleHasPermission(caller.role, "tokens:manage")) return (await this.db.tokens.list()).map(tokenView);
    const records = caller.userId ? await this.db.tokens.list({ ownerId: caller.userId }) : (await this.db.tokens.list()).filter((t) => isOwn(caller, t));
    return records.map(tokenView);
  }

  /** Revokes one's own token, or anyone's with tokens:manage; unknown and foreign ids are both 404. */
  async revoke(caller: Caller, id: string): Promise<TokenView> {
    const record = await this.db.tokens.get(id);
    if (!record || !(isOwn(caller, record) || roleHasPermission(caller.role, "tokens:manage"))) throw new NotFoundError(`token ${id}`);
    await this.db.tokens.revoke(id);
    await this.bus.publish({ kind: "token", id });
    const after = await this.db.tokens.get(id);
    return tokenView(after ?? record);
  }
}

function isOwn(caller: Caller, token: TokenRecord): boolean {
  if (caller.userId) return token.ownerId === caller.userId;
  // Automation tokens (no person) own the tokens they made, and themselves.
  return token.id === caller.tokenId || token.createdBy === `token:${caller.id}`;
}

export function tokenView(t: TokenRecord): TokenView {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    ownerId: t.ownerId,
    createdBy: t.createdBy,
  };
}
