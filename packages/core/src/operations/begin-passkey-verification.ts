import { passkeyRequestOptionsSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService, noInput } from "../operation.js";

export const beginPasskeyVerification = defineOperation({
  name: "begin-passkey-verification",
  summary: "Step-up with a passkey, first step: options for navigator.credentials.get",
  description: "The challenge is kept server-side for this session, for one use, for 5 minutes (finish-passkey-verification).",
  tag: "mfa",
  input: noInput,
  output: passkeyRequestOptionsSchema,
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  errors: ["UNAVAILABLE"],
  trpc: "mfa.beginPasskeyVerification",
  kind: "mutation",
  rest: { method: "post", path: "/me/mfa/passkey/options" },
  run: (ctx) => needService(ctx.identity, "identity").beginPasskeyVerification(callerOf(ctx)),
});
