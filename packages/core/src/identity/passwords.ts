import { hash, verify } from "@node-rs/argon2";

/** Algorithm.Argon2id (an ambient const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Verifies against a throwaway hash: an unknown email costs the same time as a wrong
 * password, so response times do not tell whether an account exists.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword("no such account: this hash is never matched");
  await verifyPassword(await dummy, password);
}
