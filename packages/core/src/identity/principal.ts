import type { Role } from "@switchyard/shared";

/** Who is calling, after the API layer verified a bearer token or a session cookie. */
export interface Caller {
  kind: "token" | "session";
  /** The token's id, or the person's id for a session. */
  id: string;
  /** The token's or the person's name, for messages and the audit log. */
  name: string;
  role: Role;
  /** The person behind it: the session's user, or the token's owner (null for automation tokens). */
  userId: string | null;
  tokenId: string | null;
  sessionId: string | null;
  /** Token scopes ("sensitive"); sessions have none (they step up instead). */
  scopes: readonly string[];
  /** Sessions: the last second-factor confirmation. */
  mfaVerifiedAt: Date | null;
  /** Sessions of people who must enrol a second factor first (an admin requires MFA for all). */
  mfaEnrollmentRequired: boolean;
}

/** The scope that lets a token run sensitive operations (the bootstrap token has it). */
export const SENSITIVE_SCOPE = "sensitive";
export const TOKEN_SCOPES = [SENSITIVE_SCOPE] as const;
