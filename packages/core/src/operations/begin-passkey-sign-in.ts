import { passkeyRequestOptionsSchema, passkeySignInOptionsInputSchema } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const beginPasskeySignIn = defineOperation({
  name: "begin-passkey-sign-in",
  summary: "Sign in with a passkey as the second factor, first step: options for navigator.credentials.get",
  description:
    "Email and password are checked and limited exactly as sign-in does (the same answers, never saying whether the account " +
    "exists). The challenge is kept server-side for this person, for one use, for 5 minutes; send the assertion to sign-in as `passkey` " +
    "with the same email and password. 409 when the account has no passkey.",
  tag: "session",
  input: passkeySignInOptionsInputSchema,
  output: passkeyRequestOptionsSchema,
  permission: "public",
  sensitive: false,
  sessionOnly: true,
  errors: ["UNAUTHORIZED", "RATE_LIMITED", "UNAVAILABLE"],
  trpc: "session.beginPasskey",
  kind: "mutation",
  rest: { method: "post", path: "/session/passkey-options" },
  auditTarget: (input) => `account ${input.email}`,
  run: (ctx, input) => {
    const meta = { clientAddress: ctx.request?.clientAddress ?? null, userAgent: ctx.request?.userAgent ?? null };
    return needService(ctx.identity, "identity").beginPasskeySignIn(input, meta);
  },
});
