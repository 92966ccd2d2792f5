import { firstAdminInputSchema, userViewSchema } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const createFirstAdmin = defineOperation({
  name: "create-first-admin",
  summary: "Create the first administrator (once, with the bootstrap token)",
  description: "Allowed only while no person exists, and only with the bootstrap admin token from DATA_DIR/admin-token.",
  tag: "people",
  input: firstAdminInputSchema,
  output: userViewSchema,
  permission: "public",
  sensitive: false,
  sessionOnly: true,
  errors: ["UNAUTHORIZED", "CONFLICT"],
  trpc: "setup.firstAdmin",
  kind: "mutation",
  rest: { method: "post", path: "/setup/first-admin", statuses: [201] },
  auditTarget: (input) => `user ${input.email}`,
  auditActor: (_input, output) => (output ? { type: "user", id: output.id, name: output.name } : null),
  run: (ctx, input) => needService(ctx.identity, "identity").createFirstAdmin(input),
});
