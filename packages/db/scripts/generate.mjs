// Generates both Prisma clients (SQLite and PostgreSQL) without network access.
// Run by `npm run generate -w @switchyard/db`; safe to run on a fresh clone after `npm ci`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const prismaCli = join(dirname(require.resolve("prisma/package.json")), "build", "index.js");

const env = {
  ...process.env,
  // The CLI refuses to start without a native schema engine, which it would download
  // from a CDN we cannot reach; generate never runs it, so any existing file will do
  // (prisma/schema-engine-fallback.ts does the same for other CLI commands).
  PRISMA_SCHEMA_ENGINE_BINARY:
    process.env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)
      ? process.env.PRISMA_SCHEMA_ENGINE_BINARY
      : fileURLToPath(import.meta.url),
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};

for (const dialect of ["sqlite", "postgres"]) {
  const config = join("prisma", dialect, "prisma.config.ts");
  const res = spawnSync(process.execPath, [prismaCli, "generate", "--config", config], {
    cwd: pkgDir,
    env,
    stdio: "inherit",
  });
  if (res.status !== 0) {
    console.error(`prisma generate failed for ${dialect} (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}
