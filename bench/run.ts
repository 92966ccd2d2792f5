/**
 * `npm run bench -- NAME`: runs bench/NAME.ts. Each benchmark compares against the
 * reference its issue names, in the same run, and prints one JSON line last.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join(here, `${name}.ts`))) {
  console.error(`usage: npm run bench -- <name> [args]; available: queue, gpu, audit, scrape, rag, ingest`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--import", "tsx", join(here, `${name}.ts`), ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
