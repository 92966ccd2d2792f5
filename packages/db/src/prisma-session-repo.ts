import type { Session } from "../generated/sqlite/client.js";
import type { DbClient } from "./prisma-client.js";
import type { SessionRecord, SessionRepo } from "./session-repo.js";
import { uuidV7 } from "./uuid-v7.js";

export class PrismaSessionRepo implements SessionRepo {
  constructor(private readonly client: DbClient) {}

  async create(input: Parameters<SessionRepo["create"]>[0]): Promise<SessionRecord> {
    const now = new Date();
    const model = await this.client.session.create({
      data: {
        id: uuidV7(),
        tokenHash: input.tokenHash,
        userId: input.userId,
        epoch: input.epoch,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: input.expiresAt,
        mfaVerifiedAt: input.mfaVerifiedAt ?? null,
        clientAddress: input.clientAddress ?? null,
        userAgent: input.userAgent ?? null,
      },
    });
    return toRecord(model);
  }

  async findActive(tokenHash: string, now: Date): Promise<SessionRecord | null> {
    const model = await this.client.session.findUnique({ where: { tokenHash } });
    if (!model || model.revokedAt || model.expiresAt <= now) return null;
    return toRecord(model);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.client.session.updateMany({ where: { id }, data: { lastSeenAt: at } });
  }

  async markMfa(id: string, at: Date): Promise<void> {
    await this.client.session.updateMany({ where: { id }, data: { mfaVerifiedAt: at } });
  }

  async revoke(id: string): Promise<void> {
    await this.client.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  async revokeAllFor(userId: string): Promise<string[]> {
    const active = await this.client.session.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
    const ids = active.map((s) => s.id);
    if (ids.length > 0) await this.client.session.updateMany({ where: { id: { in: ids } }, data: { revokedAt: new Date() } });
    return ids;
  }
}

function toRecord(model: Session): SessionRecord {
  return {
    id: model.id,
    userId: model.userId,
    epoch: model.epoch,
    createdAt: model.createdAt,
    lastSeenAt: model.lastSeenAt,
    expiresAt: model.expiresAt,
    mfaVerifiedAt: model.mfaVerifiedAt,
    clientAddress: model.clientAddress,
    userAgent: model.userAgent,
    revokedAt: model.revokedAt,
  };
}
