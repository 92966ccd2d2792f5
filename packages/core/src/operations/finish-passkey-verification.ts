import { z } from "zod";
import { passkeyAuthenticationResponseSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const finishPasskeyVerification = defineOperation({
  name: "finish-passkey-verification",
  summary: "Step-up with a passkey: confirm the second factor with the browser's assertion",
  description:
    "Verified against this session's pending challenge (used up either way), the configured origin and RP ID, one of your own " +
    "passkeys, user presence and a signature counter that moves forward. Like a TOTP code (verify-second-factor), sensitive " +
    "operations of this session are then allowed for 5 minutes.",
  tag: "mfa",
  input: z.object({ response: passkeyAuthenticationResponseSchema }).strict(),
  output: z.object({ mfaVerifiedAt: z.string() }),
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  errors: ["UNAUTHORIZED", "UNAVAILABLE"],
  trpc: "mfa.verifyPasskey",
  kind: "mutation",
  rest: { method: "post", path: "/me/mfa/passkey" },
  auditInput: () => ({}),
  auditTarget: (input) => `passkey credential ${input.response.id.slice(0, 43)}`,
  run: (ctx, { response }) => needService(ctx.identity, "identity").finishPasskeyVerification(callerOf(ctx), response),
});
