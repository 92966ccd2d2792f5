import { z } from "zod";
import { passkeyAuthenticationResponseSchema } from "./passkeys.js";
import { PERMISSIONS, ROLES } from "./permissions.js";

export const roleSchema = z.enum(ROLES);
const isoTime = z.string().datetime({ offset: true });

/** Passwords: long enough to resist guessing, short enough that hashing cannot be abused (argon2 cost). */
export const passwordSchema = z.string().min(12, "at least 12 characters").max(256, "at most 256 characters");
export const emailSchema = z.string().trim().max(254).email("must be an email address");
const personName = z.string().trim().min(1).max(100);
/** A TOTP code (6 digits) or a recovery code (xxxx-xxxx-xxxx). */
export const secondFactorCodeSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^(\d{6}|[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4})$/, "a 6-digit code or a recovery code (xxxx-xxxx-xxxx)");

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: isoTime,
  disabled: z.boolean(),
  /** Has a second factor: an authenticator app (TOTP), a passkey, or both. */
  mfaEnabled: z.boolean(),
  /** An authenticator app (TOTP) is set up. */
  totpEnabled: z.boolean(),
  /** How many passkeys (WebAuthn) are registered. */
  passkeys: z.number().int().min(0),
});
export type UserView = z.infer<typeof userViewSchema>;

export const sessionViewSchema = z.object({
  user: userViewSchema,
  /** Send it back as X-CSRF-Token on every cookie-authenticated write. */
  csrfToken: z.string(),
  expiresAt: isoTime,
  /** When the last second factor was confirmed (null: not in this session). */
  mfaVerifiedAt: isoTime.nullable(),
  /** An admin requires MFA for everyone and this person has none yet: enrol before anything else. */
  mfaEnrollmentRequired: z.boolean(),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

/**
 * Email and password, and when the account has a second factor either `code` (TOTP or a recovery
 * code) or `passkey` (an assertion answering begin-passkey-sign-in's challenge), not both.
 */
export const signInInputSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1).max(256),
    code: secondFactorCodeSchema.optional(),
    passkey: passkeyAuthenticationResponseSchema.optional(),
  })
  .strict()
  .refine((v) => v.code === undefined || v.passkey === undefined, { message: "send `code` or `passkey`, not both", path: ["passkey"] });
/** The first step of signing in with a passkey as the second factor: the password again, for the challenge. */
export const passkeySignInOptionsInputSchema = z.object({ email: emailSchema, password: z.string().min(1).max(256) }).strict();
export const firstAdminInputSchema = z
  .object({ bootstrapToken: z.string().min(1).max(512), email: emailSchema, name: personName, password: passwordSchema })
  .strict();
export const createUserInputSchema = z
  .object({ email: emailSchema, name: personName, role: roleSchema, password: passwordSchema })
  .strict();
export const updateUserInputSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: personName.optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

export const TOKEN_SCOPE_VALUES = ["sensitive"] as const;
export const createTokenInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
    expiresAt: isoTime.optional(),
    scopes: z.array(z.enum(TOKEN_SCOPE_VALUES)).max(5).optional(),
  })
  .strict();

export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  /** The token's first characters, to tell tokens apart. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  ownerId: z.string().nullable(),
  createdBy: z.string(),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

/** The answer to a token's creation: the secret, shown this once. */
export const createdTokenSchema = tokenViewSchema.extend({ token: z.string() });

export const totpEnrollmentSchema = z.object({
  /** Base32, for typing into an authenticator app. */
  secret: z.string(),
  /** otpauth:// URI (what the QR code holds). */
  uri: z.string(),
  /** The QR code as an SVG document. */
  qrSvg: z.string(),
});

export const securitySettingsSchema = z.object({ requireMfa: z.boolean() });
