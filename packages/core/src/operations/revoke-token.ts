import { z } from "zod";
import { tokenViewSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const revokeToken = defineOperation({
  name: "revoke-token",
  summary: "Revoke an API token (within a second everywhere, open live connections included)",
  description: "One's own tokens, or anyone's with tokens:manage. An unknown id and another's token are both 404.",
  tag: "tokens",
  input: z.object({ id: z.string().min(1).max(64) }).strict(),
  output: tokenViewSchema,
  permission: "tokens:own",
  sensitive: false,
  trpc: "tokens.revoke",
  kind: "mutation",
  rest: { method: "delete", path: "/tokens/{id}", params: ["id"] },
  auditTarget: (input, output) => `token ${input.id}${output ? ` "${output.name}"` : ""}`,
  run: (ctx, { id }) => needService(ctx.tokens, "tokens").revoke(callerOf(ctx), id),
});
