import { updateUserInputSchema, userViewSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const updateUser = defineOperation({
  name: "update-user",
  summary: "Rename a person, change their role, disable or re-enable them",
  description: "A role change or disabling ends the person's sessions; disabling also revokes their tokens. The last active admin cannot be demoted or disabled.",
  tag: "people",
  input: updateUserInputSchema,
  output: userViewSchema,
  permission: "users:manage",
  sensitive: true,
  errors: ["CONFLICT"],
  trpc: "users.update",
  kind: "mutation",
  rest: { method: "patch", path: "/users/{id}", params: ["id"] },
  auditTarget: (input, output) =>
    [`user ${input.id}${output ? ` ${output.email}` : ""}`, input.role ? `role→${input.role}` : null, input.disabled !== undefined ? `disabled→${input.disabled}` : null]
      .filter(Boolean)
      .join(" "),
  run: (ctx, input) => needService(ctx.identity, "identity").updateUser(callerOf(ctx), input),
});
