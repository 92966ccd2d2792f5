import type { Redis } from "ioredis";
import QRCode from "qrcode";
import type { Database, SessionRecord, UserRecord } from "@switchyard/db";
import {
  ConflictError,
  ForbiddenError,
  MfaRequiredError,
  NotFoundError,
  ROLE_PERMISSIONS,
  UnauthorizedError,
  ValidationError,
  type PasskeyAuthenticationResponse,
  type PasskeyCreationOptions,
  type PasskeyRegistrationResponse,
  type PasskeyRequestOptions,
  type PasskeyView,
  type Role,
  type SessionView,
  type UserView,
} from "@switchyard/shared";
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from "./identity-config.js";
import { PasskeyRefusal, Passkeys, passkeyView } from "./passkeys.js";
import { hashPassword, spendPasswordCheck, verifyPassword } from "./passwords.js";
import type { Caller } from "./principal.js";
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from "./recovery-codes.js";
import type { RelyingParty } from "./relying-party.js";
import type { RevocationBus } from "./revocation-bus.js";
import type { SecretBox } from "./secret-box.js";
import { csrfTokenFor, csrfTokenMatches, hashSessionSecret, looksLikeSessionSecret, newSessionSecret } from "./session-secrets.js";
import { SignInLimiter } from "./sign-in-limiter.js";
import { newTotpSecret, totpUri, verifyTotp } from "./totp.js";

export interface IdentityDeps {
  db: Database;
  redis: Redis;
  /** Redis key prefix (the platform's). */
  prefix: string;
  /** Encrypts TOTP secrets at rest. */
  box: SecretBox;
  /** Derives CSRF tokens from session ids. */
  csrfKey: Buffer;
  bus: RevocationBus;
  config?: Partial<IdentityConfig>;
  now?: () => Date;
  /**
   * The WebAuthn relying party for passkeys (read at each ceremony: the web server knows its
   * origin once it listens). Absent or null: the passkey operations answer 503.
   */
  relyingParty?: () => RelyingParty | null;
}

export interface RequestMeta {
  clientAddress: string | null;
  userAgent: string | null;
}

/** A verified session and its person. */
export interface ActiveSession {
  session: SessionRecord;
  user: UserRecord;
  requireMfa: boolean;
}

const REQUIRE_MFA_SETTING = "security.requireMfa";
/** lastSeenAt is written at most this often (idle expiry is coarse by this much). */
const TOUCH_RESOLUTION_MS = 30_000;
const GENERIC_SIGN_IN_FAILURE = "invalid email or password";

/**
 * People, sessions and second factors: sign-in (argon2id, per-account and per-address limits
 * that never reveal whether an account exists), sessions with idle and absolute expiry that
 * rotate on sign-in and end on role change, TOTP and passkeys (WebAuthn) with one-time recovery
 * codes, step-up.
 */
export class Identity {
  readonly config: IdentityConfig;
  private readonly limiter: SignInLimiter;
  private readonly now: () => Date;
  private readonly passkeys: Passkeys;

  constructor(private readonly deps: IdentityDeps) {
    this.config = { ...DEFAULT_IDENTITY_CONFIG, ...deps.config };
    this.now = deps.now ?? (() => new Date());
    const relyingParty = deps.relyingParty ?? (() => null);
    this.passkeys = new Passkeys({ db: deps.db, redis: deps.redis, prefix: deps.prefix, relyingParty, now: () => this.now() });
    this.limiter = new SignInLimiter(deps.redis, `${deps.prefix}:{switchyard}:signin`, {
      perAccount: this.config.signInFailuresPerAccount,
      perAddress: this.config.signInFailuresPerAddress,
      windowMs: this.config.signInWindowMs,
    });
  }

  get bus(): RevocationBus {
    return this.deps.bus;
  }

  // ---- first start -------------------------------------------------------------------

  async needsFirstAdmin(): Promise<boolean> {
    return (await this.deps.db.users.count()) === 0;
  }

  /** Allowed once, with the bootstrap admin token from DATA_DIR/admin-token. */
  async createFirstAdmin(input: { bootstrapToken: string; email: string; name: string; password: string }): Promise<UserView> {
    const token = await this.deps.db.tokens.verify(input.bootstrapToken);
    // Only an automation admin token (the bootstrap one has no owner) may create the first person.
    if (!token || token.role !== "admin" || token.ownerId !== null) throw new UnauthorizedError("the bootstrap token is not valid");
    const user = await this.deps.db.users.createFirst({
      email: input.email,
      name: input.name,
      role: "admin",
      passwordHash: await hashPassword(input.password),
    });
    if (!user) throw new ConflictError("an administrator already exists; sign in instead");
    return userView(user);
  }

  // ---- sign-in and sessions ------------------------------------------------------------

  async signIn(
    input: { email: string; password: string; code?: string | undefined; passkey?: PasskeyAuthenticationResponse | undefined },
    meta: RequestMeta,
    /** The session the request already carried: ended, so sign-in always rotates the id. */
    previousSessionId: string | null,
  ): Promise<{ secret: string; view: SessionView; session: SessionRecord }> {
    const address = meta.clientAddress ?? "unknown";
    const user = await this.checkPassword(input.email, input.password, address);
    let mfaAt: Date | null = null;
    if (hasSecondFactor(user)) {
      if (input.passkey) {
        try {
          await this.passkeys.verifyAuthentication(user.id, { kind: "sign-in" }, input.passkey);
        } catch (err) {
          if (!(err instanceof PasskeyRefusal)) throw err;
          await this.limiter.recordFailure(input.email, address);
          throw new UnauthorizedError(`the passkey was not accepted: ${err.reason}`);
        }
      } else if (input.code) {
        if (!(await this.checkSecondFactor(user.id, input.code))) {
          await this.limiter.recordFailure(input.email, address);
          throw new UnauthorizedError("invalid second-factor code");
        }
      } else {
        throw new MfaRequiredError(
          "this account has a second factor: send its 6-digit code (or a recovery code) as `code`, " +
            "or a passkey's assertion as `passkey` (challenge from POST /api/v1/session/passkey-options)",
        );
      }
      mfaAt = this.now();
    }
    await this.limiter.recordSuccess(input.email);
    if (previousSessionId) await this.deps.db.sessions.revoke(previousSessionId);
    const secret = newSessionSecret();
    const now = this.now();
    const session = await this.deps.db.sessions.create({
      tokenHash: hashSessionSecret(secret),
      userId: user.id,
      epoch: user.sessionEpoch,
      expiresAt: new Date(now.getTime() + this.config.sessionAbsoluteMs),
      mfaVerifiedAt: mfaAt,
      clientAddress: meta.clientAddress,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    });
    await this.deps.db.users.update(user.id, { failedSignIns: 0, lockedUntil: null });
    const requireMfa = await this.requireMfa();
    return { secret, session, view: this.sessionView({ session, user, requireMfa }) };
  }

  /**
   * The first step of a sign-in whose second factor is a passkey: the password is checked (and
   * counted) exactly as sign-in does, then the options carry a challenge kept for this person.
   */
  async beginPasskeySignIn(input: { email: string; password: string }, meta: RequestMeta): Promise<PasskeyRequestOptions> {
    const user = await this.checkPassword(input.email, input.password, meta.clientAddress ?? "unknown");
    if (user.passkeyCount === 0) throw new ConflictError("this account has no passkey: use the code from the authenticator app, or a recovery code");
    return this.passkeys.beginAuthentication(user, { kind: "sign-in" });
  }

  /** The session a cookie names, or null when it is unknown, revoked, idle too long, past its end or its person changed. */
  async resolveSession(secret: string): Promise<ActiveSession | null> {
    if (!looksLikeSessionSecret(secret)) return null;
    const now = this.now();
    const session = await this.deps.db.sessions.findActive(hashSessionSecret(secret), now);
    if (!session) return null;
    if (session.lastSeenAt.getTime() + this.config.sessionIdleMs <= now.getTime()) {
      await this.deps.db.sessions.revoke(session.id);
      return null;
    }
    const user = await this.deps.db.users.get(session.userId);
    if (!user || user.disabledAt || user.sessionEpoch !== session.epoch) return null;
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_RESOLUTION_MS) await this.deps.db.sessions.touch(session.id, now);
    return { session, user, requireMfa: await this.requireMfa() };
  }

  sessionView(active: ActiveSession): SessionView {
    return {
      user: userView(active.user),
      csrfToken: csrfTokenFor(this.deps.csrfKey, active.session.id),
      expiresAt: active.session.expiresAt.toISOString(),
      mfaVerifiedAt: active.session.mfaVerifiedAt?.toISOString() ?? null,
      mfaEnrollmentRequired: active.requireMfa && !hasSecondFactor(active.user),
      permissions: [...ROLE_PERMISSIONS[active.user.role]],
    };
  }

  csrfMatches(sessionId: string, presented: string | null | undefined): boolean {
    return csrfTokenMatches(this.deps.csrfKey, sessionId, presented);
  }

  async signOut(sessionId: string): Promise<void> {
    await this.deps.db.sessions.revoke(sessionId);
    await this.deps.bus.publish({ kind: "session", id: sessionId });
  }

  /** Ends every session of the person (the epoch moves on, so even unseen ones stop working). */
  async signOutEverywhere(userId: string): Promise<number> {
    await this.deps.db.users.update(userId, { bumpEpoch: true });
    const ended = await this.deps.db.sessions.revokeAllFor(userId);
    await this.deps.bus.publish({ kind: "user", id: userId });
    return ended.length;
  }

  /** Step-up: a TOTP or recovery code confirms the second factor for the next few minutes. */
  async stepUp(caller: Caller, code: string): Promise<{ mfaVerifiedAt: string }> {
    if (caller.kind !== "session" || !caller.sessionId || !caller.userId) {
      throw new ForbiddenError("step-up is for dashboard sessions; tokens use the `sensitive` scope");
    }
    const user = await this.deps.db.users.get(caller.userId);
    if (!user || !hasSecondFactor(user)) throw new ForbiddenError("no second factor is enrolled for this account; enrol one first");
    if (!(await this.checkSecondFactor(caller.userId, code))) throw new UnauthorizedError("invalid second-factor code");
    const at = this.now();
    await this.deps.db.sessions.markMfa(caller.sessionId, at);
    return { mfaVerifiedAt: at.toISOString() };
  }

  /** Whether a caller may run a sensitive operation now (the API layer's step-up check). */
  hasFreshSecondFactor(caller: Caller): boolean {
    if (!caller.mfaVerifiedAt) return false;
    return this.now().getTime() - caller.mfaVerifiedAt.getTime() < this.config.stepUpWindowMs;
  }

  // ---- TOTP ----------------------------------------------------------------------------

  /**
   * Starts (or restarts) enrolment: a new secret, not active until confirmed with a code. An
   * account that already has a second factor (a passkey) needs a fresh confirmation of it first
   * (`fresh`), so a stolen session cannot add a factor of its own.
   */
  async beginTotp(userId: string, fresh = false): Promise<{ secret: string; uri: string; qrSvg: string }> {
    const user = await this.mustGetUser(userId);
    if (user.totpEnabledAt) throw new ConflictError("an authenticator app is already enrolled; an administrator can reset it");
    if (hasSecondFactor(user) && !fresh) throw new MfaRequiredError("this account has a passkey: confirm it before adding an authenticator app");
    const secret = newTotpSecret();
    await this.deps.db.users.update(userId, { totpSecret: this.deps.box.seal(secret), totpLastStep: null });
    const uri = totpUri(this.config.totpIssuer, user.email, secret);
    const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return { secret, uri, qrSvg };
  }

  /** Confirms enrolment with a current code; returns the recovery codes (shown once) and counts as a step-up. */
  async confirmTotp(caller: Caller, code: string): Promise<{ recoveryCodes: string[] }> {
    const userId = mustBePerson(caller);
    const user = await this.deps.db.users.getWithSecrets(userId);
    if (!user?.totpSecret) throw new ConflictError("start enrolment first (POST /api/v1/me/mfa/totp)");
    if (user.totpEnabledAt) throw new ConflictError("a second factor is already enrolled");
    const step = await verifyTotp(this.deps.box.open(user.totpSecret), code, this.now());
    if (step === null || !(await this.deps.db.users.acceptTotpStep(userId, step))) {
      throw new ValidationError([{ path: "code", message: "wrong or expired code" }]);
    }
    const codes = newRecoveryCodes();
    await this.deps.db.users.update(userId, { totpEnabledAt: this.now(), recoveryCodes: codes.map(hashRecoveryCode) });
    if (caller.sessionId) await this.deps.db.sessions.markMfa(caller.sessionId, this.now());
    return { recoveryCodes: codes };
  }

  /** Removes every second factor of a person (an administrator's reset): TOTP, passkeys and recovery codes. */
  async resetSecondFactors(userId: string): Promise<UserView> {
    await this.mustGetUser(userId);
    await this.passkeys.deleteAll(userId);
    const user = await this.deps.db.users.update(userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: [] });
    if (!user) throw new NotFoundError(`user ${userId}`);
    return userView(user);
  }

  // ---- passkeys (WebAuthn) --------------------------------------------------------------

  async listPasskeys(caller: Caller): Promise<{ passkeys: PasskeyView[] }> {
    return { passkeys: await this.passkeys.list(mustBePerson(caller)) };
  }

  /**
   * Options for adding a passkey. The first second factor of an account needs the session only
   * (as TOTP enrolment does); once the account has one, adding another needs a fresh
   * confirmation of it (`fresh`: step-up), so a stolen session cannot plant its own passkey.
   */
  async beginPasskeyRegistration(caller: Caller, fresh: boolean): Promise<PasskeyCreationOptions> {
    const { user, sessionId } = await this.sessionPerson(caller);
    if (hasSecondFactor(user) && !fresh) {
      throw new MfaRequiredError("adding a passkey to an account with a second factor needs a fresh confirmation of it");
    }
    return this.passkeys.beginRegistration(user, sessionId);
  }

  /**
   * Stores the passkey the browser made for this session's pending challenge. When it is the
   * account's first second factor, one-time recovery codes come with it (shown once). Counts as a
   * second-factor confirmation for step-up, as TOTP enrolment does.
   */
  async finishPasskeyRegistration(
    caller: Caller,
    input: { name: string; response: PasskeyRegistrationResponse },
  ): Promise<{ passkey: PasskeyView; recoveryCodes: string[] | null }> {
    const { user, sessionId } = await this.sessionPerson(caller);
    const result = await this.passkeys.finishRegistration(user, sessionId, input.name, input.response).catch((err: unknown) => {
      if (err instanceof PasskeyRefusal) throw new ValidationError([{ path: "response", message: err.reason }]);
      throw err;
    });
    if (result === null) throw new ConflictError("no passkey registration is pending for this session (used or expired): start again");
    if ("duplicate" in result) throw new ConflictError("this passkey is registered already");
    let recoveryCodes: string[] | null = null;
    if (!hasSecondFactor(user)) {
      recoveryCodes = newRecoveryCodes();
      await this.deps.db.users.update(user.id, { recoveryCodes: recoveryCodes.map(hashRecoveryCode) });
    }
    await this.deps.db.sessions.markMfa(sessionId, this.now());
    return { passkey: passkeyView(result.passkey), recoveryCodes };
  }

  /**
   * Removes one of the person's own passkeys (a sensitive operation: step-up first). The last
   * second factor cannot go while administrators require one for everyone; when it goes, the
   * recovery codes go with it.
   */
  async deletePasskey(caller: Caller, id: string): Promise<{ id: string; mfaEnabled: boolean }> {
    const { user } = await this.sessionPerson(caller);
    const own = await this.passkeys.list(user.id);
    if (!own.some((p) => p.id === id)) throw new NotFoundError(`passkey ${id}`);
    const last = own.length === 1 && !user.totpEnabledAt;
    if (last && (await this.requireMfa())) {
      throw new ConflictError("administrators require a second factor for everyone: add another one before removing this passkey");
    }
    if (!(await this.passkeys.delete(user.id, id))) throw new NotFoundError(`passkey ${id}`);
    if (last) await this.deps.db.users.update(user.id, { recoveryCodes: [] });
    return { id, mfaEnabled: !last };
  }

  /** Step-up with a passkey, first step: options whose challenge waits for this session's answer. */
  async beginPasskeyVerification(caller: Caller): Promise<PasskeyRequestOptions> {
    const { user, sessionId } = await this.sessionPerson(caller);
    if (user.passkeyCount === 0) throw new ConflictError("no passkey is registered for this account; add one on the account page");
    return this.passkeys.beginAuthentication(user, { kind: "session", sessionId });
  }

  /** Step-up with a passkey: an assertion for this session's challenge confirms the second factor, as a TOTP code does. */
  async finishPasskeyVerification(caller: Caller, response: PasskeyAuthenticationResponse): Promise<{ mfaVerifiedAt: string }> {
    const { user, sessionId } = await this.sessionPerson(caller);
    try {
      await this.passkeys.verifyAuthentication(user.id, { kind: "session", sessionId }, response);
    } catch (err) {
      if (err instanceof PasskeyRefusal) throw new UnauthorizedError(`the passkey was not accepted: ${err.reason}`);
      throw err;
    }
    const at = this.now();
    await this.deps.db.sessions.markMfa(sessionId, at);
    return { mfaVerifiedAt: at.toISOString() };
  }

  async requireMfa(): Promise<boolean> {
    return (await this.deps.db.settings.get(REQUIRE_MFA_SETTING)) === true;
  }

  async setRequireMfa(value: boolean): Promise<{ requireMfa: boolean }> {
    await this.deps.db.settings.set(REQUIRE_MFA_SETTING, value);
    return { requireMfa: value };
  }

  // ---- people (admins) -----------------------------------------------------------------

  async listUsers(): Promise<UserView[]> {
    return (await this.deps.db.users.list()).map(userView);
  }

  async createUser(input: { email: string; name: string; role: Role; password: string }): Promise<UserView> {
    const user = await this.deps.db.users.create({ ...input, passwordHash: await hashPassword(input.password) });
    if (!user) throw new ConflictError(`a user with email ${input.email.trim().toLowerCase()} already exists`);
    return userView(user);
  }

  /** Role changes and disabling end the person's sessions (and a disabled person's tokens). */
  async updateUser(caller: Caller, input: { id: string; name?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined }): Promise<UserView> {
    const before = await this.mustGetUser(input.id);
    const demotesAdmin = before.role === "admin" && ((input.role && input.role !== "admin") || input.disabled === true);
    if (demotesAdmin && (await this.activeAdmins()) <= 1) throw new ConflictError("this is the last active administrator");
    if (caller.userId === input.id && input.disabled === true) throw new ConflictError("you cannot disable yourself");
    const user = await this.deps.db.users.update(input.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined && input.role !== before.role ? { role: input.role } : {}),
      ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (before.disabledAt ?? this.now()) : null } : {}),
    });
    if (!user) throw new NotFoundError(`user ${input.id}`);
    if ((input.role !== undefined && input.role !== before.role) || (input.disabled === true && !before.disabledAt)) {
      await this.deps.db.sessions.revokeAllFor(input.id);
      if (input.disabled === true) {
        for (const id of await this.deps.db.tokens.revokeOwnedBy(input.id)) await this.deps.bus.publish({ kind: "token", id });
      }
      await this.deps.bus.publish({ kind: "user", id: input.id });
    }
    return userView(user);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return this.deps.db.users.get(id);
  }

  // ---- helpers ------------------------------------------------------------------------

  /** Email and password, counted by the sign-in limiter; the person, or the one answer that reveals nothing. */
  private async checkPassword(email: string, password: string, address: string): Promise<UserRecord> {
    await this.limiter.check(email, address);
    const user = await this.deps.db.users.getByEmail(email);
    if (!user) {
      await spendPasswordCheck(password);
      await this.limiter.recordFailure(email, address);
      throw new UnauthorizedError(GENERIC_SIGN_IN_FAILURE);
    }
    const passwordOk = await verifyPassword(user.passwordHash, password);
    if (!passwordOk || user.disabledAt) {
      await this.limiter.recordFailure(email, address);
      throw new UnauthorizedError(GENERIC_SIGN_IN_FAILURE);
    }
    return user;
  }

  /** A TOTP code, or a recovery code (they come with the first second factor, TOTP or passkey). */
  private async checkSecondFactor(userId: string, code: string): Promise<boolean> {
    const user = await this.deps.db.users.getWithSecrets(userId);
    if (!user || !hasSecondFactor(user)) return false;
    if (looksLikeRecoveryCode(code)) return this.deps.db.users.consumeRecoveryCode(userId, hashRecoveryCode(code));
    if (!user.totpSecret || !user.totpEnabledAt) return false;
    const step = await verifyTotp(this.deps.box.open(user.totpSecret), code, this.now());
    return step !== null && (await this.deps.db.users.acceptTotpStep(userId, step));
  }

  /** The signed-in person of a dashboard session (passkeys are added and confirmed by sessions only). */
  private async sessionPerson(caller: Caller): Promise<{ user: UserRecord; sessionId: string }> {
    const userId = mustBePerson(caller);
    if (!caller.sessionId) throw new ForbiddenError("only a signed-in person can do this");
    return { user: await this.mustGetUser(userId), sessionId: caller.sessionId };
  }

  private async mustGetUser(id: string): Promise<UserRecord> {
    const user = await this.deps.db.users.get(id);
    if (!user) throw new NotFoundError(`user ${id}`);
    return user;
  }

  private async activeAdmins(): Promise<number> {
    return (await this.deps.db.users.list()).filter((u) => u.role === "admin" && !u.disabledAt).length;
  }
}

export function userView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
    disabled: user.disabledAt !== null,
    mfaEnabled: hasSecondFactor(user),
    totpEnabled: user.totpEnabledAt !== null,
    passkeys: user.passkeyCount,
  };
}

/** An authenticator app (TOTP) or at least one passkey. */
export function hasSecondFactor(user: UserRecord): boolean {
  return user.totpEnabledAt !== null || user.passkeyCount > 0;
}

function mustBePerson(caller: Caller): string {
  if (!caller.userId || caller.kind !== "session") throw new ForbiddenError("only a signed-in person can do this");
  return caller.userId;
}
