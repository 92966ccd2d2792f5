import { z } from "zod";
import { userViewSchema } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const resetUserMfa = defineOperation({
  name: "reset-user-mfa",
  summary: "Remove a person's second factors: authenticator app, passkeys and recovery codes (they enrol again)",
  tag: "people",
  input: z.object({ id: z.string().min(1).max(64) }).strict(),
  output: userViewSchema,
  permission: "users:manage",
  sensitive: true,
  trpc: "users.resetMfa",
  kind: "mutation",
  rest: { method: "post", path: "/users/{id}/reset-mfa", params: ["id"] },
  auditTarget: (input, output) => `user ${input.id}${output ? ` ${output.email}` : ""}`,
  run: (ctx, { id }) => needService(ctx.identity, "identity").resetSecondFactors(id),
});
