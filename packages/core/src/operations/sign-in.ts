import { sessionViewSchema, signInInputSchema } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const signIn = defineOperation({
  name: "sign-in",
  summary: "Sign in to the dashboard (sets the session cookie)",
  description:
    "Email and password, plus the second factor when the account has one (403 MFA_REQUIRED names it): `code` (TOTP or a " +
    "recovery code) or `passkey` (the assertion for begin-passkey-sign-in's challenge). " +
    "Failures never say whether the account exists and are limited per account and per address (429). " +
    "Any session the request carried ends: sign-in always starts a new one.",
  tag: "session",
  input: signInInputSchema,
  output: sessionViewSchema,
  permission: "public",
  sensitive: false,
  sessionOnly: true,
  errors: ["UNAUTHORIZED", "MFA_REQUIRED", "RATE_LIMITED", "UNAVAILABLE"],
  trpc: "session.signIn",
  kind: "mutation",
  rest: { method: "post", path: "/session" },
  auditTarget: (input) => `account ${input.email}`,
  auditActor: (_input, output) => (output ? { type: "user", id: output.user.id, name: output.user.name } : null),
  run: async (ctx, input) => {
    const identity = needService(ctx.identity, "identity");
    const meta = { clientAddress: ctx.request?.clientAddress ?? null, userAgent: ctx.request?.userAgent ?? null };
    const result = await identity.signIn(input, meta, ctx.session?.currentSessionId ?? null);
    ctx.session?.set(result.secret, result.session.expiresAt);
    return result.view;
  },
});
