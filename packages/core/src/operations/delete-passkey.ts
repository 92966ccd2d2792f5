import { z } from "zod";
import { callerOf, defineOperation, needService } from "../operation.js";

export const deletePasskey = defineOperation({
  name: "delete-passkey",
  summary: "Remove one of your passkeys",
  description:
    "Sensitive: a second-factor confirmation within the step-up window first. The last second factor cannot be removed while " +
    "administrators require one for everyone (409); removing it also voids the recovery codes.",
  tag: "mfa",
  input: z.object({ id: z.string().min(1).max(64) }).strict(),
  output: z.object({ id: z.string(), mfaEnabled: z.boolean() }),
  permission: "authenticated",
  sensitive: true,
  sessionOnly: true,
  trpc: "mfa.deletePasskey",
  kind: "mutation",
  rest: { method: "delete", path: "/me/passkeys/{id}", params: ["id"] },
  auditTarget: (input) => `passkey ${input.id}`,
  run: (ctx, { id }) => needService(ctx.identity, "identity").deletePasskey(callerOf(ctx), id),
});
