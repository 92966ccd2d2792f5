import { z } from "zod";

/**
 * Passkeys (WebAuthn) as a second factor: what the browser and the server exchange. The
 * options are the JSON forms of PublicKeyCredentialCreationOptions / RequestOptions (what
 * @simplewebauthn/browser's startRegistration and startAuthentication take); the responses are
 * what they give back. Sizes are bounded: nothing here is larger than a few kilobytes.
 */

const isoTime = z.string().datetime({ offset: true });
const base64url = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]*$/, "base64url");
/** Credential ids are at most 1023 bytes (WebAuthn Level 3), 1364 base64url characters. */
const credentialIdSchema = base64url(1400).min(1);
const transportsSchema = z.array(z.string().max(32)).max(10);
const userVerification = z.enum(["required", "preferred", "discouraged"]);

export const passkeyNameSchema = z.string().trim().min(1, "give it a name").max(64, "at most 64 characters");

export const passkeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  /** How the browser said it can reach the authenticator ("internal", "hybrid", "usb", …). */
  transports: z.array(z.string()),
});
export type PasskeyView = z.infer<typeof passkeyViewSchema>;

const credentialDescriptorSchema = z.object({ id: z.string(), type: z.literal("public-key"), transports: z.array(z.string()).optional() });

/** PublicKeyCredentialCreationOptionsJSON: give it to navigator.credentials.create (startRegistration). */
export const passkeyCreationOptionsSchema = z.object({
  challenge: z.string(),
  rp: z.object({ id: z.string().optional(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.object({ type: z.literal("public-key"), alg: z.number().int() })),
  timeout: z.number().int().optional(),
  excludeCredentials: z.array(credentialDescriptorSchema).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
      residentKey: z.enum(["discouraged", "preferred", "required"]).optional(),
      requireResidentKey: z.boolean().optional(),
      userVerification: userVerification.optional(),
    })
    .optional(),
  attestation: z.enum(["none", "indirect", "direct", "enterprise"]).optional(),
  extensions: z.object({ credProps: z.boolean().optional() }).optional(),
});
export type PasskeyCreationOptions = z.infer<typeof passkeyCreationOptionsSchema>;

/** PublicKeyCredentialRequestOptionsJSON: give it to navigator.credentials.get (startAuthentication). */
export const passkeyRequestOptionsSchema = z.object({
  challenge: z.string(),
  rpId: z.string().optional(),
  timeout: z.number().int().optional(),
  allowCredentials: z.array(credentialDescriptorSchema).optional(),
  userVerification: userVerification.optional(),
});
export type PasskeyRequestOptions = z.infer<typeof passkeyRequestOptionsSchema>;

const clientExtensionResults = z
  .object({ credProps: z.object({ rk: z.boolean().optional() }).optional() })
  .describe("The browser's extension outputs (unknown ones are dropped).");

/** RegistrationResponseJSON, as startRegistration returns it. */
export const passkeyRegistrationResponseSchema = z.object({
  id: credentialIdSchema,
  rawId: credentialIdSchema,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(4096).min(1),
    attestationObject: base64url(16_384).min(1),
    authenticatorData: base64url(8192).optional(),
    transports: transportsSchema.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(8192).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: clientExtensionResults.default({}),
});
export type PasskeyRegistrationResponse = z.infer<typeof passkeyRegistrationResponseSchema>;

/** AuthenticationResponseJSON, as startAuthentication returns it. */
export const passkeyAuthenticationResponseSchema = z.object({
  id: credentialIdSchema,
  rawId: credentialIdSchema,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(4096).min(1),
    authenticatorData: base64url(8192).min(1),
    signature: base64url(2048).min(1),
    userHandle: base64url(1024).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: clientExtensionResults.default({}),
});
export type PasskeyAuthenticationResponse = z.infer<typeof passkeyAuthenticationResponseSchema>;

export const finishPasskeyRegistrationInputSchema = z.object({ name: passkeyNameSchema, response: passkeyRegistrationResponseSchema }).strict();

/** The answer to a registration: the passkey, and recovery codes when it is the account's first second factor (shown once). */
export const passkeyRegisteredSchema = z.object({
  passkey: passkeyViewSchema,
  recoveryCodes: z.array(z.string()).nullable(),
});
