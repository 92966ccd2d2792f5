import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { importPublicKey, noteKeyId } from "./integrity.js";

export const DEFAULT_AUDIT_KEY_NAME = "switchyard-audit";

/** The checkpoint signing key. The private half never leaves the process. */
export interface AuditKey {
  /** C2SP signed-note key name (appears in every signature line). */
  name: string;
  /** Hex of the 4-byte signed-note key id. */
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Base64 of the 32 raw Ed25519 public key bytes. */
  publicKeyBase64: string;
}

/**
 * Loads the Ed25519 key at path (PKCS#8 PEM), or creates it there with mode 0600. The directory
 * must exist and is not touched. Creation uses O_EXCL, so two processes starting at once end
 * up with the same key (the loser reads the winner's file).
 */
export function loadOrCreateAuditKey(path: string, options: { name?: string } = {}): AuditKey {
  const name = options.name ?? DEFAULT_AUDIT_KEY_NAME;
  if (!/^[\x21-\x7e]+$/.test(name) || name.includes("+")) throw new Error("audit key name must be printable ASCII without spaces or '+'");
  let pem: string;
  try {
    pem = readKey(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    const { privateKey } = generateKeyPairSync("ed25519");
    pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    try {
      writeFileSync(path, pem, { mode: 0o600, flag: "wx" });
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code !== "EEXIST") throw writeErr;
      pem = readKey(path);
    }
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${path} does not hold an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  const { raw } = importPublicKey(publicKey);
  return {
    name,
    keyId: noteKeyId(name, raw).toString("hex"),
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    publicKeyBase64: raw.toString("base64"),
  };
}

/** Reads the key file, narrowing a wider mode (e.g. written by hand) to 0600 first. */
function readKey(path: string): string {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) chmodSync(path, 0o600);
  return readFileSync(path, "utf8");
}
