import { SESSION_COOKIE } from "@switchyard/core";

/** The session secret from a Cookie header, or null (only the first sy_session counts). */
export function readSessionCookie(header: string | null | undefined): string | null {
  if (!header || header.length > 8_192) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * The Set-Cookie value of a session: HttpOnly (no script reads it), SameSite=Lax (no cross-site
 * writes carry it), Secure when the dashboard is served over TLS, gone at the absolute expiry.
 */
export function sessionCookie(secret: string, expiresAt: Date, secure: boolean, now = new Date()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}
