import { createUserInputSchema, userViewSchema } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const createUser = defineOperation({
  name: "create-user",
  summary: "Create a person's account with a role and an initial password",
  tag: "people",
  input: createUserInputSchema,
  output: userViewSchema,
  permission: "users:manage",
  sensitive: true,
  errors: ["CONFLICT"],
  trpc: "users.create",
  kind: "mutation",
  rest: { method: "post", path: "/users", statuses: [201] },
  auditTarget: (input, output) => `user ${output?.id ?? "?"} ${input.email} (${input.role})`,
  run: (ctx, input) => needService(ctx.identity, "identity").createUser(input),
});
