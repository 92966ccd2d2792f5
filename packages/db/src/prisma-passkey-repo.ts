import type { Passkey } from "../generated/sqlite/client.js";
import type { PasskeyRecord, PasskeyRepo } from "./passkey-repo.js";
import type { DbClient } from "./prisma-client.js";
import { uuidV7 } from "./uuid-v7.js";

export class PrismaPasskeyRepo implements PasskeyRepo {
  constructor(private readonly client: DbClient) {}

  async create(input: Parameters<PasskeyRepo["create"]>[0]): Promise<PasskeyRecord | null> {
    try {
      const model = await this.client.passkey.create({
        data: {
          id: uuidV7(),
          userId: input.userId,
          credentialId: input.credentialId,
          publicKey: input.publicKey,
          counter: BigInt(input.counter),
          transports: input.transports.join(" "),
          name: input.name,
          createdAt: input.createdAt,
        },
      });
      return toRecord(model);
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async listFor(userId: string): Promise<PasskeyRecord[]> {
    return (await this.client.passkey.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })).map(toRecord);
  }

  async countFor(userIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (userIds.length === 0) return counts;
    if (userIds.length === 1) {
      const [userId = ""] = userIds;
      const n = await this.client.passkey.count({ where: { userId } });
      if (n > 0) counts.set(userId, n);
      return counts;
    }
    const rows = await this.client.passkey.groupBy({ by: ["userId"], where: { userId: { in: [...userIds] } }, _count: { _all: true } });
    for (const row of rows) counts.set(row.userId, row._count._all);
    return counts;
  }

  async getByCredentialId(credentialId: string): Promise<PasskeyRecord | null> {
    const model = await this.client.passkey.findUnique({ where: { credentialId } });
    return model ? toRecord(model) : null;
  }

  async recordUse(id: string, previous: number, counter: number, at: Date): Promise<boolean> {
    const { count } = await this.client.passkey.updateMany({
      where: { id, counter: BigInt(previous) },
      data: { counter: BigInt(counter), lastUsedAt: at },
    });
    return count > 0;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const { count } = await this.client.passkey.deleteMany({ where: { id, userId } });
    return count > 0;
  }

  async deleteAllFor(userId: string): Promise<number> {
    const { count } = await this.client.passkey.deleteMany({ where: { userId } });
    return count;
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

function toRecord(model: Passkey): PasskeyRecord {
  return {
    id: model.id,
    userId: model.userId,
    credentialId: model.credentialId,
    publicKey: model.publicKey,
    counter: Number(model.counter),
    transports: model.transports.split(" ").filter((t) => t.length > 0),
    name: model.name,
    createdAt: model.createdAt,
    lastUsedAt: model.lastUsedAt,
  };
}
