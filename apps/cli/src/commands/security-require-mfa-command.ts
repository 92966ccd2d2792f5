import { Argument, type Command } from "commander";
import { securitySettingsSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerSecurityRequireMfa(security: Command): void {
  security
    .command("require-mfa")
    .description("require a second factor for every account, or stop requiring it (PUT /api/v1/settings/security; sensitive)")
    .addArgument(new Argument("<state>", "on or off").choices(["on", "off"]))
    .addHelpText("after", "\nWhile on, a person without a second factor can only enrol (and sign out) until they have one.\nAPI tokens are not affected.")
    .action(action<object, ["on" | "off"]>(runRequireMfa));
}

async function runRequireMfa(ctx: CommandContext, _opts: object, state: "on" | "off"): Promise<void> {
  const settings = await ctx.api.put(securitySettingsSchema, "/api/v1/settings/security", { requireMfa: state === "on" });
  if (ctx.json) ctx.out.data(settings);
  else ctx.out.line(`require MFA: ${settings.requireMfa ? "on" : "off"}`);
}
