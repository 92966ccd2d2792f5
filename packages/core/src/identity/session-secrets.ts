import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "sy_session";
export const CSRF_HEADER = "x-csrf-token";

/** 256 random bits; the database keeps only the sha256. */
export function newSessionSecret(): string {
  return "sys_" + randomBytes(32).toString("base64url");
}

export function hashSessionSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function looksLikeSessionSecret(value: string): boolean {
  return /^sys_[A-Za-z0-9_-]{43}$/.test(value);
}

/** The CSRF token of a session: an HMAC of its id, so nothing more is stored and it rotates with the session. */
export function csrfTokenFor(key: Buffer, sessionId: string): string {
  return createHmac("sha256", key).update(`csrf:${sessionId}`, "utf8").digest("base64url");
}

export function csrfTokenMatches(key: Buffer, sessionId: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(key, sessionId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
