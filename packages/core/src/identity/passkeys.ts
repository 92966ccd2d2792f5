import { randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Database, PasskeyRecord, UserRecord } from "@switchyard/db";
import {
  UnavailableError,
  type PasskeyAuthenticationResponse,
  type PasskeyCreationOptions,
  type PasskeyRegistrationResponse,
  type PasskeyRequestOptions,
  type PasskeyView,
} from "@switchyard/shared";
import type { RelyingParty } from "./relying-party.js";
import { WebAuthnChallenges } from "./webauthn-challenges.js";

/** How long a ceremony may take: the browser's timeout, and the challenge's life in Redis (a little longer). */
const CEREMONY_TIMEOUT_MS = 120_000;
const CHALLENGE_TTL_S = 300;
const KNOWN_TRANSPORTS = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);
/**
 * User verification (PIN, biometrics) is asked for but not demanded: a passkey here is the second
 * factor after the password, so presence on a security key without a PIN is enough; user presence
 * is always required.
 */
const USER_VERIFICATION = "preferred" as const;

/** A ceremony that did not verify; `reason` is safe to show to the person who ran it. */
export class PasskeyRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "PasskeyRefusal";
  }
}

/** Where the challenge of an assertion is kept: the session's, or a sign-in's (keyed by itself). */
export type ChallengeBinding = { kind: "session"; sessionId: string } | { kind: "sign-in" };

export interface PasskeysDeps {
  db: Database;
  redis: Redis;
  /** Redis key prefix (the platform's). */
  prefix: string;
  /** The relying party, or null when passkeys are not configured (their operations answer 503). */
  relyingParty: () => RelyingParty | null;
  now: () => Date;
}

const clientDataSchema = z.object({ challenge: z.string().min(1).max(512).regex(/^[A-Za-z0-9_-]+$/) });

/**
 * The WebAuthn mechanics of passkeys (@simplewebauthn/server): options with a fresh challenge
 * kept server-side for one use, verification of registrations and assertions against the
 * configured origins and RP ID, the signature counter, and storage. Which person may do what
 * (step-up, recovery codes, sessions) is Identity's.
 */
export class Passkeys {
  private readonly challenges: WebAuthnChallenges;

  constructor(private readonly deps: PasskeysDeps) {
    this.challenges = new WebAuthnChallenges(deps.redis, `${deps.prefix}:{switchyard}:webauthn`, CHALLENGE_TTL_S);
  }

  async list(userId: string): Promise<PasskeyView[]> {
    return (await this.deps.db.passkeys.listFor(userId)).map(passkeyView);
  }

  /** Options for adding a passkey; the challenge waits for finishRegistration from the same session. */
  async beginRegistration(user: UserRecord, sessionId: string): Promise<PasskeyCreationOptions> {
    const rp = this.relyingParty();
    const existing = await this.deps.db.passkeys.listFor(user.id);
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.email,
      userDisplayName: user.name,
      // The user handle: the person's id (opaque, stable, so an authenticator replaces rather than duplicates).
      userID: new TextEncoder().encode(user.id),
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: "none",
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: knownTransports(p.transports) })),
      authenticatorSelection: { residentKey: "preferred", userVerification: USER_VERIFICATION },
    });
    await this.challenges.issueForSession("register", sessionId, options.challenge);
    return {
      challenge: options.challenge,
      rp: { id: rp.id, name: rp.name },
      user: { id: options.user.id, name: options.user.name, displayName: options.user.displayName },
      pubKeyCredParams: options.pubKeyCredParams.map((p) => ({ type: "public-key" as const, alg: p.alg })),
      timeout: CEREMONY_TIMEOUT_MS,
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, type: "public-key" as const, transports: p.transports })),
      authenticatorSelection: { residentKey: "preferred", userVerification: USER_VERIFICATION },
      attestation: "none",
      extensions: { credProps: true },
    };
  }

  /**
   * Verifies a registration against the session's pending challenge (used up either way) and
   * stores the credential. Null: no challenge was pending. Throws PasskeyRefusal when it does not verify.
   */
  async finishRegistration(
    user: UserRecord,
    sessionId: string,
    name: string,
    response: PasskeyRegistrationResponse,
  ): Promise<{ passkey: PasskeyRecord } | { duplicate: true } | null> {
    const rp = this.relyingParty();
    const challenge = await this.challenges.takeForSession("register", sessionId);
    if (!challenge) return null;
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: false,
    }).catch((err: unknown) => {
      throw asRefusal(err);
    });
    if (!verified.verified) throw new PasskeyRefusal("the registration did not verify");
    const info = verified.registrationInfo;
    const passkey = await this.deps.db.passkeys.create({
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
      counter: info.credential.counter,
      transports: knownTransports(response.response.transports ?? []),
      name,
      createdAt: this.deps.now(),
    });
    return passkey ? { passkey } : { duplicate: true };
  }

  /** Options for confirming one of the person's passkeys; the challenge is kept per session, or per sign-in. */
  async beginAuthentication(user: UserRecord, binding: ChallengeBinding): Promise<PasskeyRequestOptions> {
    const rp = this.relyingParty();
    const existing = await this.deps.db.passkeys.listFor(user.id);
    const challenge = randomBytes(32).toString("base64url");
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      challenge,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: USER_VERIFICATION,
      allowCredentials: existing.map((p) => ({ id: p.credentialId, transports: knownTransports(p.transports) })),
    });
    if (binding.kind === "session") await this.challenges.issueForSession("verify", binding.sessionId, options.challenge);
    else await this.challenges.issueForSignIn(options.challenge, user.id);
    return {
      challenge: options.challenge,
      rpId: rp.id,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: USER_VERIFICATION,
      allowCredentials: existing.map((p) => ({ id: p.credentialId, type: "public-key" as const, transports: p.transports })),
    };
  }

  /**
   * Verifies an assertion by one of `userId`'s passkeys against the pending challenge (used up
   * either way): origin, RP ID, user presence, signature, and a counter that must move forward
   * (when the authenticator keeps one). Records the use. Throws PasskeyRefusal otherwise.
   */
  async verifyAuthentication(userId: string, binding: ChallengeBinding, response: PasskeyAuthenticationResponse): Promise<PasskeyRecord> {
    const rp = this.relyingParty();
    const challenge = await this.takeChallenge(userId, binding, response);
    const stored = await this.deps.db.passkeys.getByCredentialId(response.id);
    // Another person's credential is refused exactly like an unknown one.
    if (!stored || stored.userId !== userId) throw new PasskeyRefusal("this passkey is not registered to the account");
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.id,
        credential: {
          id: stored.credentialId,
          publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
          counter: stored.counter,
          transports: knownTransports(stored.transports),
        },
        requireUserVerification: false,
      });
      if (!verified.verified) throw new PasskeyRefusal("the signature did not verify");
      newCounter = verified.authenticationInfo.newCounter;
    } catch (err) {
      throw asRefusal(err);
    }
    // Two assertions racing with the same counter: only one moves it.
    if (!(await this.deps.db.passkeys.recordUse(stored.id, stored.counter, newCounter, this.deps.now()))) {
      throw new PasskeyRefusal("the passkey was used again at the same moment; try again");
    }
    return { ...stored, counter: newCounter, lastUsedAt: this.deps.now() };
  }

  async delete(userId: string, id: string): Promise<boolean> {
    return this.deps.db.passkeys.delete(userId, id);
  }

  async deleteAll(userId: string): Promise<number> {
    return this.deps.db.passkeys.deleteAllFor(userId);
  }

  private async takeChallenge(userId: string, binding: ChallengeBinding, response: PasskeyAuthenticationResponse): Promise<string> {
    if (binding.kind === "session") {
      const challenge = await this.challenges.takeForSession("verify", binding.sessionId);
      if (!challenge) throw new PasskeyRefusal("no passkey request is pending for this session (used, expired or never started): start again");
      return challenge;
    }
    // A sign-in has no session yet: its challenge is found by the value the browser signed.
    const challenge = challengeOf(response.response.clientDataJSON);
    const issuedFor = challenge ? await this.challenges.takeForSignIn(challenge) : null;
    if (!challenge || issuedFor === null) throw new PasskeyRefusal("no passkey request is pending for this sign-in (used, expired or never started): start again");
    if (issuedFor !== userId) throw new PasskeyRefusal("the passkey request was issued for another sign-in");
    return challenge;
  }

  private relyingParty(): RelyingParty {
    const rp = this.deps.relyingParty();
    if (!rp) throw new UnavailableError("passkeys are not configured in this process (WEBAUTHN_ORIGIN)");
    return rp;
  }
}

export function passkeyView(p: PasskeyRecord): PasskeyView {
  return {
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
    transports: p.transports,
  };
}

/** The challenge inside a response's clientDataJSON, or null when it is not readable. */
function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed = clientDataSchema.safeParse(JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")));
    return parsed.success ? parsed.data.challenge : null;
  } catch {
    return null;
  }
}

function knownTransports(transports: readonly string[]): Array<"ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb"> {
  return transports.filter((t): t is "ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb" => KNOWN_TRANSPORTS.has(t));
}

/** The library reports a failed check as an Error with a readable message (origin, RP ID, counter, signature). */
function asRefusal(err: unknown): Error {
  if (err instanceof PasskeyRefusal || err instanceof UnavailableError) return err;
  if (err instanceof Error) return new PasskeyRefusal(err.message.slice(0, 300));
  return new PasskeyRefusal("the response could not be read");
}
