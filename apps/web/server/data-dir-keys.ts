import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";

/**
 * A random key kept in DATA_DIR (0600), made on first start: the TOTP secrets' encryption key and
 * the CSRF key. Losing the file signs everyone out and voids enrolled authenticators, so it is
 * never rewritten once it exists; a file of the wrong size is an error, not a reason to replace it.
 */
export async function loadOrCreateKey(path: string, bytes = 32): Promise<Buffer> {
  const existing = await readFile(path, "utf8").then((t) => t.trim(), () => null);
  if (existing !== null) {
    const key = Buffer.from(existing, "base64");
    if (key.length !== bytes) throw new Error(`${path} does not hold a ${bytes}-byte base64 key; restore it or move it aside`);
    await chmod(path, 0o600);
    return key;
  }
  const key = randomBytes(bytes);
  await writeFile(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" }).catch(async (err: NodeJS.ErrnoException) => {
    // Another process made it first: use theirs.
    if (err.code !== "EEXIST") throw err;
  });
  return loadOrCreateKey(path, bytes);
}
