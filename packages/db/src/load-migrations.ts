import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseKind } from "./database.js";

export interface MigrationFile {
  /** Directory name, e.g. 20251123000000_init; also the order they apply in. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma records it in _prisma_migrations.checksum. */
  checksum: string;
}

/** The package's own migrations folder for a dialect (prisma/<dialect>/migrations). */
export function migrationsDir(kind: DatabaseKind): string {
  return fileURLToPath(new URL(`../prisma/${kind}/migrations/`, import.meta.url));
}

/** Reads migrations in Prisma's layout (<dir>/<name>/migration.sql), sorted by name like Prisma does. */
export function loadMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`Migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new Error(`Migration ${name} has no migration.sql (${file})`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}
