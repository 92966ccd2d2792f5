import { z } from "zod";
import { tokenViewSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService } from "../operation.js";

export const listTokens = defineOperation({
  name: "list-tokens",
  summary: "API tokens: one's own, or everyone's (all=true, needs tokens:manage)",
  description: "Prefix, role, scopes, last use and expiry; never the secret.",
  tag: "tokens",
  input: z
    .object({ all: z.enum(["true", "false"]).transform((v) => v === "true").optional() })
    .strict()
    .optional(),
  output: z.object({ tokens: z.array(tokenViewSchema) }),
  permission: "tokens:own",
  sensitive: false,
  trpc: "tokens.list",
  kind: "query",
  rest: { method: "get", path: "/tokens" },
  run: async (ctx, input) => ({ tokens: await needService(ctx.tokens, "tokens").list(callerOf(ctx), input?.all ?? false) }),
});
