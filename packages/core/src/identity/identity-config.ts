/** Tunables of people, sessions and step-up; the web app's env schema fills them. */
export interface IdentityConfig {
  /** A session ends after this long without a request. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however busy. */
  sessionAbsoluteMs: number;
  /** A second-factor confirmation counts for sensitive operations this long. */
  stepUpWindowMs: number;
  /** Failed sign-ins per account (known or not) per window before 429. */
  signInFailuresPerAccount: number;
  /** Failed sign-ins per client address per window before 429. */
  signInFailuresPerAddress: number;
  signInWindowMs: number;
  /** The issuer shown by authenticator apps. */
  totpIssuer: string;
}

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  sessionIdleMs: 30 * 60_000,
  sessionAbsoluteMs: 12 * 3_600_000,
  stepUpWindowMs: 5 * 60_000,
  signInFailuresPerAccount: 5,
  signInFailuresPerAddress: 20,
  signInWindowMs: 15 * 60_000,
  totpIssuer: "Switchyard",
};
