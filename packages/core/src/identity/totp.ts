import { generateSecret, generateURI, verify } from "otplib";

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30 s. */
const PERIOD_S = 30;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret });
}

/**
 * The code's time step when it is valid now (one step of clock drift either way), else null.
 * Callers store the step and refuse it a second time (a code works once).
 */
export async function verifyTotp(secret: string, code: string, now: Date = new Date()): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: PERIOD_S });
  if (!result.valid) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_S) + result.delta;
}
