import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "@switchyard/db";

/**
 * On first start (no tokens at all) create an admin token, store only its hash, and
 * write the token to DATA_DIR/admin-token (mode 0600) for the operator to pick up.
 */
export async function ensureAdminToken(
  db: Database,
  dataDir: string,
): Promise<{ path: string; token: string | null; created: boolean }> {
  const path = join(dataDir, "admin-token");
  if ((await db.tokens.count()) > 0) {
    const token = await readFile(path, "utf8").then((t) => t.trim(), () => null);
    return { path, token, created: false };
  }
  const { token } = await db.tokens.create({ name: "admin (first start)", role: "admin" });
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return { path, token, created: true };
}
