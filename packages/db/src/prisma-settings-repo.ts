import type { DbClient } from "./prisma-client.js";
import type { SettingsRepo } from "./settings-repo.js";

export class PrismaSettingsRepo implements SettingsRepo {
  constructor(private readonly client: DbClient) {}

  async get(key: string): Promise<unknown> {
    const row = await this.client.setting.findUnique({ where: { key } });
    return row?.value ?? undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const now = new Date();
    const json = value as never;
    await this.client.setting.upsert({ where: { key }, create: { key, value: json, updatedAt: now }, update: { value: json, updatedAt: now } });
  }
}
