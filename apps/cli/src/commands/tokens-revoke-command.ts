import type { Command } from "commander";
import { tokenViewSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerTokensRevoke(tokens: Command): void {
  tokens
    .command("revoke")
    .description("revoke an API token; it stops working within a second everywhere (DELETE /api/v1/tokens/:id)")
    .argument("<id>", "token id (from `tokens list`)")
    .action(action<object, [string]>(runRevoke));
}

async function runRevoke(ctx: CommandContext, _opts: object, id: string): Promise<void> {
  const token = await ctx.api.delete(tokenViewSchema, `/api/v1/tokens/${encodeURIComponent(id)}`);
  if (ctx.json) ctx.out.data(token);
  else ctx.out.line(`token ${token.id} "${token.name}": ${ctx.out.style.status("revoked")}`);
}
