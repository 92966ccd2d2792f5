import { createHash, randomBytes } from "node:crypto";

const TOKEN_PREFIX = "sy_";
/** "sy_" + 32 random bytes in base64url (43 characters). */
const TOKEN_PATTERN = /^sy_[A-Za-z0-9_-]{43}$/;
/** Characters shown in lists: "sy_" and 8 more (48 of the 256 random bits). */
const DISPLAY_PREFIX_LENGTH = 11;

export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** sha256 hex: tokens are 256 random bits, so a fast unsalted hash is enough and allows lookup by hash. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function apiTokenDisplayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}

export function looksLikeApiToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
