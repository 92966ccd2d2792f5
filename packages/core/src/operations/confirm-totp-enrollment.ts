import { z } from "zod";
import { secondFactorCodeSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const confirmTotpEnrollment = defineOperation({
  name: "confirm-totp-enrollment",
  summary: "Finish TOTP enrolment with a current code; answers the one-time recovery codes",
  description: "The recovery codes are shown this once. Confirming counts as a second-factor confirmation for step-up.",
  tag: "mfa",
  input: z.object({ code: secondFactorCodeSchema }).strict(),
  output: z.object({ recoveryCodes: z.array(z.string()) }),
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  duringMfaEnrollment: true,
  errors: ["CONFLICT"],
  trpc: "mfa.confirmTotp",
  kind: "mutation",
  rest: { method: "post", path: "/me/mfa/totp/confirm" },
  run: (ctx, { code }) => needService(ctx.identity, "identity").confirmTotp(callerOf(ctx), code),
});
