import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The Prisma CLI refuses to start without its native schema engine, which @prisma/engines
 * downloads from Prisma's CDN at install time; machines that reach only the npm registry
 * have none. generate, validate and format never run it, so any existing file satisfies the
 * check. Only used when no engine was downloaded and none is configured, so `prisma migrate
 * deploy` still works wherever the real engine is present.
 */
export function useSchemaEngineFallback(): void {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY || hasDownloadedSchemaEngine()) return;
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = import.meta.filename;
}

function hasDownloadedSchemaEngine(): boolean {
  try {
    const enginesDir = join(dirname(createRequire(import.meta.url).resolve("@prisma/engines")), "..");
    return readdirSync(enginesDir).some((name) => name.startsWith("schema-engine-"));
  } catch {
    return false;
  }
}
