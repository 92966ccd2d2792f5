import type { ApiToken } from "../generated/sqlite/client.js";
import { apiTokenDisplayPrefix, generateApiToken, hashApiToken, looksLikeApiToken } from "./api-token-secret.js";
import type { DbClient } from "./prisma-client.js";
import type { CreateTokenInput, TokenRecord, TokenRepo } from "./token-repo.js";
import { isTokenRole } from "@switchyard/shared";
import { uuidV7 } from "./uuid-v7.js";

/** lastUsedAt is refreshed at most this often, so verifying is a read almost every time. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class PrismaTokenRepo implements TokenRepo {
  constructor(private readonly client: DbClient) {}

  async create(input: CreateTokenInput): Promise<{ token: string; record: TokenRecord }> {
    if (!isTokenRole(input.role)) throw new Error(`Unknown token role "${String(input.role)}"`);
    const token = generateApiToken();
    const model = await this.client.apiToken.create({
      data: {
        // Time-ordered, so tokens made in the same millisecond still list newest first.
        id: uuidV7(),
        name: input.name,
        role: input.role,
        tokenHash: hashApiToken(token),
        prefix: apiTokenDisplayPrefix(token),
        createdAt: new Date(),
        expiresAt: input.expiresAt ?? null,
        scopes: [...new Set(input.scopes ?? [])].sort().join(" "),
        ownerId: input.ownerId ?? null,
        createdBy: input.createdBy ?? "system",
      },
    });
    return { token, record: toRecord(model) };
  }

  async verify(token: string): Promise<TokenRecord | null> {
    // The lookup is by hash: timing depends on the hash, not on how much of a token matched.
    if (!looksLikeApiToken(token)) return null;
    const model = await this.client.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
    const now = new Date();
    if (!model || model.revokedAt || (model.expiresAt && model.expiresAt <= now)) return null;
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (!model.lastUsedAt || model.lastUsedAt < staleBefore) {
      // Conditional, so concurrent requests write it once.
      await this.client.apiToken.updateMany({
        where: { id: model.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: now },
      });
      return toRecord({ ...model, lastUsedAt: now });
    }
    return toRecord(model);
  }

  async get(id: string): Promise<TokenRecord | null> {
    const model = await this.client.apiToken.findUnique({ where: { id } });
    return model ? toRecord(model) : null;
  }

  async list(filter: { ownerId?: string } = {}): Promise<TokenRecord[]> {
    const models = await this.client.apiToken.findMany({
      where: filter.ownerId === undefined ? {} : { ownerId: filter.ownerId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    return models.map(toRecord);
  }

  async revokeOwnedBy(ownerId: string): Promise<string[]> {
    const active = await this.client.apiToken.findMany({ where: { ownerId, revokedAt: null }, select: { id: true } });
    const ids = active.map((t) => t.id);
    if (ids.length > 0) await this.client.apiToken.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date() } });
    return ids;
  }

  async revoke(id: string): Promise<boolean> {
    const { count } = await this.client.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count > 0;
  }

  count(): Promise<number> {
    return this.client.apiToken.count();
  }
}

function toRecord(model: ApiToken): TokenRecord {
  // Fail closed: a role this code does not know grants nothing.
  if (!isTokenRole(model.role)) throw new Error(`API token ${model.id} has unknown role "${model.role}"`);
  return {
    id: model.id,
    name: model.name,
    role: model.role,
    prefix: model.prefix,
    createdAt: model.createdAt,
    lastUsedAt: model.lastUsedAt,
    revokedAt: model.revokedAt,
    expiresAt: model.expiresAt,
    scopes: model.scopes ? model.scopes.split(" ") : [],
    ownerId: model.ownerId,
    createdBy: model.createdBy,
  };
}
