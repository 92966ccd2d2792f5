import { ForbiddenError, totpEnrollmentSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService, noInput } from "../operation.js";

export const beginTotpEnrollment = defineOperation({
  name: "begin-totp-enrollment",
  summary: "Start enrolling an authenticator app (TOTP): its secret and QR code",
  description:
    "Not active until confirmed with a current code (confirm-totp-enrollment). An account that already has a passkey " +
    "confirms it first (403 MFA_REQUIRED until a second factor was confirmed within the step-up window).",
  tag: "mfa",
  input: noInput,
  output: totpEnrollmentSchema,
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  duringMfaEnrollment: true,
  errors: ["CONFLICT", "MFA_REQUIRED"],
  trpc: "mfa.beginTotp",
  kind: "mutation",
  rest: { method: "post", path: "/me/mfa/totp" },
  // The secret is in the answer, never in the audit entry (inputs are recorded, outputs are not).
  run: (ctx) => {
    const caller = callerOf(ctx);
    if (caller.kind !== "session" || !caller.userId) throw new ForbiddenError("second factors belong to people: sign in to enrol one");
    return needService(ctx.identity, "identity").beginTotp(caller.userId, ctx.mayRunSensitive === true);
  },
});
