import type { MigrateResult } from "./database.js";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.js";
import { loadMigrations, migrationsDir } from "./load-migrations.js";
import { migratePostgres } from "./migrate-postgres.js";
import { migrateSqlite } from "./migrate-sqlite.js";

/** Applies the package's pending migrations to the database at url (file:... or postgres://...). */
export function migrate(url: string): Promise<MigrateResult> {
  return migrateTarget(parseDatabaseUrl(url));
}

export async function migrateTarget(target: DatabaseTarget): Promise<MigrateResult> {
  const migrations = loadMigrations(migrationsDir(target.kind));
  return target.kind === "sqlite" ? migrateSqlite(target.path, migrations) : migratePostgres(target, migrations);
}
