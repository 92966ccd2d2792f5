import { z } from "zod";
import { secondFactorCodeSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const verifySecondFactor = defineOperation({
  name: "verify-second-factor",
  summary: "Step-up: confirm the second factor before a sensitive operation",
  description: "A TOTP or recovery code; sensitive operations of this session are then allowed for 5 minutes.",
  tag: "mfa",
  input: z.object({ code: secondFactorCodeSchema }).strict(),
  output: z.object({ mfaVerifiedAt: z.string() }),
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  errors: ["UNAUTHORIZED"],
  trpc: "mfa.verify",
  kind: "mutation",
  rest: { method: "post", path: "/me/mfa/verify" },
  run: (ctx, { code }) => needService(ctx.identity, "identity").stepUp(callerOf(ctx), code),
});
