import type { Command } from "commander";
import { securitySettingsSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerSecurityShow(security: Command): void {
  security
    .command("show")
    .description("whether a second factor is required for every account (GET /api/v1/settings/security)")
    .action(action(runShow));
}

async function runShow(ctx: CommandContext): Promise<void> {
  const settings = await ctx.api.get(securitySettingsSchema, "/api/v1/settings/security");
  if (ctx.json) ctx.out.data(settings);
  else ctx.out.fields([["require MFA", settings.requireMfa ? "on (every account must have a second factor)" : "off"]]);
}
