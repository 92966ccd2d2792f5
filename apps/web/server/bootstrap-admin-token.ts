import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "@switchyard/db";

const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

export type PrivateDirState = "created" | "tightened" | "private" | "not-owner";

/**
 * DATA_DIR holds the database, the admin token and keys: owner only (0700). Created with that
 * mode whatever the umask; an existing one with wider access is narrowed (a DATA_DIR made
 * before this rule). One owned by another user is reported, not changed.
 */
export async function securePrivateDir(dir: string): Promise<PrivateDirState> {
  const made = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const { mode } = await stat(dir);
  if ((mode & 0o777) === PRIVATE_DIR_MODE) return made === undefined ? "private" : "created";
  try {
    await chmod(dir, PRIVATE_DIR_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EPERM") return "not-owner";
    throw err;
  }
  return made === undefined ? "tightened" : "created";
}

/**
 * On first start (no tokens at all) create an admin token, store only its hash, and
 * write the token to DATA_DIR/admin-token (mode 0600) for the operator to pick up; an existing
 * token file with wider access is narrowed to 0600.
 */
export async function ensureAdminToken(
  db: Database,
  dataDir: string,
): Promise<{ path: string; token: string | null; created: boolean }> {
  const path = join(dataDir, "admin-token");
  await securePrivateDir(dataDir);
  if ((await db.tokens.count()) > 0) {
    const token = await readFile(path, "utf8").then((t) => t.trim(), () => null);
    if (token !== null && ((await stat(path)).mode & 0o777) !== PRIVATE_FILE_MODE) await chmod(path, PRIVATE_FILE_MODE);
    return { path, token, created: false };
  }
  // Full rights, the sensitive scope included, so automation can run every operation.
  const { token } = await db.tokens.create({ name: "admin (first start)", role: "admin", scopes: ["sensitive"] });
  await writeFile(path, `${token}\n`, { mode: PRIVATE_FILE_MODE });
  await chmod(path, PRIVATE_FILE_MODE);
  return { path, token, created: true };
}
