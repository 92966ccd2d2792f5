import { finishPasskeyRegistrationInputSchema, passkeyRegisteredSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const finishPasskeyRegistration = defineOperation({
  name: "finish-passkey-registration",
  summary: "Finish adding a passkey: the browser's registration response and a name for it",
  description:
    "Verified against this session's pending challenge (used up either way), the configured origin and RP ID; attestation " +
    "is not asked for. When it is the account's first second factor the answer carries one-time recovery codes, shown this once. " +
    "Counts as a second-factor confirmation for step-up.",
  tag: "mfa",
  input: finishPasskeyRegistrationInputSchema,
  output: passkeyRegisteredSchema,
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  duringMfaEnrollment: true,
  errors: ["UNAVAILABLE"],
  trpc: "mfa.finishPasskeyRegistration",
  kind: "mutation",
  rest: { method: "post", path: "/me/passkeys", statuses: [201] },
  // The browser's response is bulky and says nothing a reader needs: the entry keeps the name, the target the new passkey.
  auditInput: (input) => ({ name: input.name }),
  auditTarget: (input, output) => (output ? `passkey ${output.passkey.id} “${output.passkey.name}”` : `passkey “${input.name}”`),
  run: (ctx, input) => needService(ctx.identity, "identity").finishPasskeyRegistration(callerOf(ctx), input),
});
