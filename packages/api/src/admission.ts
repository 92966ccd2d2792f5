import type { TokenRecord } from "@switchyard/db";
import type { AnyOperation, Caller } from "@switchyard/core";
import { UnauthorizedError } from "@switchyard/shared";
import { bearerToken, requirePermission, type Authenticator } from "./authenticator.js";
import type { RequestRateLimiter } from "./rate-limit.js";

/** Who sent a request: a verified token, or nobody (with the reason to give if an operation needs somebody). */
export type Identity = { token: TokenRecord } | { token: null; refusal: UnauthorizedError };

export interface AdmissionDeps {
  auth: Authenticator;
  rateLimiter: RequestRateLimiter;
}

/**
 * Verify the Authorization header once per request and count `calls` against the caller's
 * request limit: the token's id when it is valid (so `bearer`, `BeArEr` or extra spaces share
 * one quota), else the client's address.
 */
export async function identify(
  deps: AdmissionDeps,
  authorization: string | null | undefined,
  address: string,
  calls = 1,
): Promise<Identity> {
  let identity: Identity;
  if (bearerToken(authorization) === null) {
    identity = { token: null, refusal: new UnauthorizedError("missing bearer token (Authorization: Bearer <token>)") };
  } else {
    try {
      identity = { token: await deps.auth.fromHeader(authorization) };
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      identity = { token: null, refusal: err };
    }
  }
  await deps.rateLimiter.consume(identity.token ? { tokenId: identity.token.id } : { address }, calls);
  return identity;
}

/** The one authorization check: the operation's permission against the caller's role. */
export function authorize(op: AnyOperation, identity: Identity | null): Caller | null {
  if (op.permission === "public") return identity?.token ? callerOf(identity.token) : null;
  if (!identity) throw new UnauthorizedError();
  if (!identity.token) throw identity.refusal;
  requirePermission(identity.token, op.permission);
  return callerOf(identity.token);
}

function callerOf(token: TokenRecord): Caller {
  return { tokenId: token.id, name: token.name, role: token.role };
}
