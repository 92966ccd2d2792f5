import type { TokenRecord } from "@switchyard/db";
import { SENSITIVE_SCOPE, type AnyOperation, type Caller, type Identity } from "@switchyard/core";
import {
  CsrfError,
  ForbiddenError,
  MfaRequiredError,
  roleHasPermission,
  UnauthorizedError,
  type SessionView,
} from "@switchyard/shared";
import { bearerToken, type Authenticator } from "./authenticator.js";
import type { RequestRateLimiter } from "./rate-limit.js";
import { readSessionCookie } from "./session-cookie.js";

/** Who sent a request: a verified token or session, or nobody (with the reason to give if an operation needs somebody). */
export type Presented = { caller: Caller; sessionView?: SessionView } | { caller: null; refusal: UnauthorizedError };

/** A caller let through an operation's gate. */
export interface Admitted {
  caller: Caller | null;
  /** A session caller's view of its session (CSRF token, permissions). */
  sessionView: SessionView | null;
  /** Passed the sensitive gate now (token scope, or a second factor within the step-up window). */
  mayRunSensitive: boolean;
}

export interface AdmissionDeps {
  auth: Authenticator;
  rateLimiter: RequestRateLimiter;
  /** People and sessions; without it only bearer tokens are accepted. */
  identity?: Identity | null;
}

/** The parts of a request admission reads. */
export interface Credentials {
  authorization: string | null | undefined;
  cookie: string | null | undefined;
  /** The X-CSRF-Token header (cookie-authenticated writes must carry it). */
  csrf: string | null | undefined;
  address: string;
}

export function tokenCaller(token: TokenRecord): Caller {
  return {
    kind: "token",
    id: token.id,
    name: token.name,
    role: token.role,
    userId: token.ownerId,
    tokenId: token.id,
    sessionId: null,
    scopes: token.scopes,
    mfaVerifiedAt: null,
    mfaEnrollmentRequired: false,
  };
}

/**
 * Identify the caller once per request and count `calls` against its request limit: a bearer
 * token when the request has an Authorization header (it wins over a cookie), else the session
 * cookie. The limit is keyed by the caller's id when it is valid, else by the client's address.
 */
export async function identify(deps: AdmissionDeps, creds: Credentials, calls = 1): Promise<Presented> {
  let presented: Presented;
  if (bearerToken(creds.authorization) !== null) {
    try {
      presented = { caller: tokenCaller(await deps.auth.fromHeader(creds.authorization)) };
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      presented = { caller: null, refusal: err };
    }
  } else {
    const secret = readSessionCookie(creds.cookie);
    const active = secret && deps.identity ? await deps.identity.resolveSession(secret) : null;
    if (active && deps.identity) {
      const view = deps.identity.sessionView(active);
      presented = {
        sessionView: view,
        caller: {
          kind: "session",
          id: active.user.id,
          name: active.user.name,
          role: active.user.role,
          userId: active.user.id,
          tokenId: null,
          sessionId: active.session.id,
          scopes: [],
          mfaVerifiedAt: active.session.mfaVerifiedAt,
          mfaEnrollmentRequired: view.mfaEnrollmentRequired,
        },
      };
    } else {
      presented = {
        caller: null,
        refusal: new UnauthorizedError(
          secret ? "the session has ended; sign in again" : "missing bearer token (Authorization: Bearer <token>) or session",
        ),
      };
    }
  }
  const key = presented.caller ? { tokenId: `${presented.caller.kind}:${presented.caller.id}` } : { address: creds.address };
  await deps.rateLimiter.consume(key, calls);
  return presented;
}

/**
 * The one gate every operation passes, REST and tRPC alike: the role's permission, the CSRF
 * token of cookie-authenticated writes, enrolment when MFA is required for all, and for
 * sensitive operations the `sensitive` scope (tokens) or a fresh second factor (sessions).
 */
export function authorize(op: AnyOperation, presented: Presented | null, deps: AdmissionDeps, csrf: string | null | undefined): Admitted {
  const caller = presented?.caller ?? null;
  const sessionView = (presented?.caller && presented.sessionView) || null;
  if (op.permission === "public") return { caller, sessionView, mayRunSensitive: caller ? maySensitive(caller, deps) : false };
  if (!presented) throw new UnauthorizedError();
  if (!presented.caller) throw presented.refusal;
  const who = presented.caller;
  if (who.kind === "session" && op.kind === "mutation") {
    if (!who.sessionId || !deps.identity?.csrfMatches(who.sessionId, csrf)) {
      throw new CsrfError("cookie-authenticated writes need the session's X-CSRF-Token header");
    }
  }
  if (who.mfaEnrollmentRequired && !op.duringMfaEnrollment) {
    throw new MfaRequiredError("an administrator requires a second factor for every account: enrol one first");
  }
  if (op.permission !== "authenticated" && !roleHasPermission(who.role, op.permission)) {
    throw new ForbiddenError(`role ${who.role} lacks ${op.permission}`);
  }
  const sensitive = maySensitive(who, deps);
  if (op.sensitive && !sensitive) {
    throw new MfaRequiredError(
      who.kind === "token"
        ? `${op.name} is sensitive: the token needs the \`${SENSITIVE_SCOPE}\` scope`
        : `${op.name} is sensitive: confirm your second factor (POST /api/v1/me/mfa/verify) and retry`,
    );
  }
  return { caller: who, sessionView, mayRunSensitive: sensitive };
}

function maySensitive(caller: Caller, deps: AdmissionDeps): boolean {
  if (caller.kind === "token") return caller.scopes.includes(SENSITIVE_SCOPE);
  return deps.identity?.hasFreshSecondFactor(caller) ?? false;
}
