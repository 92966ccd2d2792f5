import { isTokenRole } from "@switchyard/shared";
import type { User } from "../generated/sqlite/client.js";
import type { DbClient } from "./prisma-client.js";
import type { UserRecord, UserRepo, UserSecrets } from "./user-repo.js";
import { uuidV7 } from "./uuid-v7.js";

export class PrismaUserRepo implements UserRepo {
  constructor(private readonly client: DbClient) {}

  count(): Promise<number> {
    return this.client.user.count();
  }

  async create(input: { email: string; name: string; role: UserRecord["role"]; passwordHash: string }): Promise<UserRecord | null> {
    const email = input.email.trim().toLowerCase();
    if (await this.client.user.findUnique({ where: { email } })) return null;
    try {
      return toRecord(await this.client.user.create({ data: this.newUser({ ...input, email }) }), 0);
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async createFirst(input: { email: string; name: string; role: UserRecord["role"]; passwordHash: string }): Promise<UserRecord | null> {
    const email = input.email.trim().toLowerCase();
    // The count and the insert in one transaction: two racing "first administrator" forms make one.
    const created = await this.client.$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) return null;
      return tx.user.create({ data: this.newUser({ ...input, email }) });
    });
    return created ? toRecord(created, 0) : null;
  }

  async get(id: string): Promise<UserRecord | null> {
    // By id, the person and their passkey count are read side by side (one round trip's wait, not two).
    const [model, passkeys] = await Promise.all([this.client.user.findUnique({ where: { id } }), this.passkeyCount(id)]);
    return model ? toRecord(model, passkeys) : null;
  }

  async getByEmail(email: string): Promise<(UserRecord & UserSecrets) | null> {
    const model = await this.client.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    return model ? withSecrets(model, await this.passkeyCount(model.id)) : null;
  }

  async getWithSecrets(id: string): Promise<(UserRecord & UserSecrets) | null> {
    const [model, passkeys] = await Promise.all([this.client.user.findUnique({ where: { id } }), this.passkeyCount(id)]);
    return model ? withSecrets(model, passkeys) : null;
  }

  async list(): Promise<UserRecord[]> {
    const models = await this.client.user.findMany({ orderBy: { createdAt: "asc" } });
    const counts = new Map<string, number>();
    if (models.length > 0) {
      const rows = await this.client.passkey.groupBy({ by: ["userId"], _count: { _all: true } });
      for (const row of rows) counts.set(row.userId, row._count._all);
    }
    return models.map((m) => toRecord(m, counts.get(m.id) ?? 0));
  }

  async update(id: string, patch: Parameters<UserRepo["update"]>[1]): Promise<UserRecord | null> {
    const { bumpEpoch, recoveryCodes, ...fields } = patch;
    const bump = bumpEpoch === true || fields.role !== undefined || fields.passwordHash !== undefined || fields.disabledAt != null;
    const { count } = await this.client.user.updateMany({
      where: { id },
      data: {
        ...fields,
        ...(recoveryCodes !== undefined ? { recoveryCodes } : {}),
        ...(bump ? { sessionEpoch: { increment: 1 } } : {}),
        updatedAt: new Date(),
      },
    });
    return count > 0 ? this.get(id) : null;
  }

  async recordFailure(id: string, lockUntil: (failures: number) => Date | null): Promise<number> {
    const model = await this.client.user.update({ where: { id }, data: { failedSignIns: { increment: 1 } } });
    const until = lockUntil(model.failedSignIns);
    if (until) await this.client.user.update({ where: { id }, data: { lockedUntil: until } });
    return model.failedSignIns;
  }

  async acceptTotpStep(id: string, step: number): Promise<boolean> {
    const { count } = await this.client.user.updateMany({
      where: { id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count > 0;
  }

  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    return this.client.$transaction(async (tx) => {
      const model = await tx.user.findUnique({ where: { id } });
      const codes = model ? stringList(model.recoveryCodes) : [];
      if (!codes.includes(codeHash)) return false;
      await tx.user.update({ where: { id }, data: { recoveryCodes: codes.filter((c) => c !== codeHash) } });
      return true;
    });
  }

  /** Passkeys live in their own table (passkey-repo); a person's count is read with the person. */
  private passkeyCount(userId: string): Promise<number> {
    return this.client.passkey.count({ where: { userId } });
  }

  private newUser(input: { email: string; name: string; role: UserRecord["role"]; passwordHash: string }) {
    const now = new Date();
    return { id: uuidV7(), email: input.email, name: input.name, role: input.role, passwordHash: input.passwordHash, createdAt: now, updatedAt: now };
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function toRecord(model: User, passkeyCount: number): UserRecord {
  // Fail closed: a role this code does not know grants nothing.
  if (!isTokenRole(model.role)) throw new Error(`user ${model.id} has unknown role "${model.role}"`);
  return {
    id: model.id,
    email: model.email,
    name: model.name,
    role: model.role,
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
    disabledAt: model.disabledAt,
    totpEnabledAt: model.totpEnabledAt,
    passkeyCount,
    failedSignIns: model.failedSignIns,
    lockedUntil: model.lockedUntil,
    sessionEpoch: model.sessionEpoch,
  };
}

function withSecrets(model: User, passkeyCount: number): UserRecord & UserSecrets {
  return { ...toRecord(model, passkeyCount), passwordHash: model.passwordHash, totpSecret: model.totpSecret, recoveryCodes: stringList(model.recoveryCodes) };
}
