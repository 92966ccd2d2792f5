import { createdTokenSchema, createTokenInputSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const createToken = defineOperation({
  name: "create-token",
  summary: "Create an API token (the secret is shown once)",
  description:
    "Its role may not exceed the creator's; the `sensitive` scope lets it run sensitive operations. Stored hashed; " +
    "the answer is the only time the secret is shown.",
  tag: "tokens",
  input: createTokenInputSchema,
  output: createdTokenSchema,
  permission: "tokens:own",
  sensitive: true,
  trpc: "tokens.create",
  kind: "mutation",
  rest: { method: "post", path: "/tokens", statuses: [201] },
  example: { input: { name: "ci deploys", role: "submitter", expiresAt: "2027-06-30T00:00:00Z" } },
  auditTarget: (input, output) => `token ${output?.id ?? "?"} "${input.name}" (${input.role}${input.scopes?.length ? `, ${input.scopes.join(" ")}` : ""})`,
  run: async (ctx, input) => {
    const { token, view } = await needService(ctx.tokens, "tokens").create(callerOf(ctx), input, ctx.mayRunSensitive ?? false);
    return { ...view, token };
  },
});
