import { passkeyCreationOptionsSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService, noInput } from "../operation.js";

export const beginPasskeyRegistration = defineOperation({
  name: "begin-passkey-registration",
  summary: "Start adding a passkey (WebAuthn): options for navigator.credentials.create",
  description:
    "The challenge is kept server-side for this session, for one use, for 5 minutes (finish-passkey-registration). " +
    "An account's first second factor needs the session only; once the account has one (an authenticator app or a passkey), " +
    "adding a passkey needs a second-factor confirmation within the step-up window (403 MFA_REQUIRED otherwise).",
  tag: "mfa",
  input: noInput,
  output: passkeyCreationOptionsSchema,
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  duringMfaEnrollment: true,
  errors: ["MFA_REQUIRED", "UNAVAILABLE"],
  trpc: "mfa.beginPasskeyRegistration",
  kind: "mutation",
  rest: { method: "post", path: "/me/passkeys/options" },
  run: (ctx) => needService(ctx.identity, "identity").beginPasskeyRegistration(callerOf(ctx), ctx.mayRunSensitive === true),
});
