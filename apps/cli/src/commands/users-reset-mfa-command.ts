import type { Command } from "commander";
import { userViewSchema } from "@switchyard/shared";
import { confirmByTyping } from "../confirm.js";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";

interface ResetOptions {
  yes?: boolean;
}

export function registerUsersResetMfa(users: Command): void {
  users
    .command("reset-mfa")
    .description("remove a person's second factor and recovery codes; they enrol again (POST /api/v1/users/:id/reset-mfa; sensitive)")
    .argument("<id>", "user id (from `users list`)")
    .option("-y, --yes", "don't ask for confirmation (required when stdin is not a terminal)")
    .addHelpText("after", "\nAsks you to type the user id unless --yes; without --yes it refuses when stdin is not a terminal.")
    .action(action<ResetOptions, [string]>(runReset));
}

async function runReset(ctx: CommandContext, opts: ResetOptions, id: string): Promise<void> {
  if (!opts.yes) {
    const ok = await confirmByTyping(
      `This removes the second factor and recovery codes of user ${id}. Type the user id to confirm:`,
      id,
      ctx.signal,
      ctx.out.stderrAnsi,
    );
    if (!ok) throw new CliError("not confirmed; nothing was reset", EXIT.failure);
  }
  const user = await ctx.api.post(userViewSchema, `/api/v1/users/${encodeURIComponent(id)}/reset-mfa`);
  if (ctx.json) ctx.out.data(user);
  else ctx.out.line(`user ${user.id} ${user.email}: second factor removed (MFA ${user.mfaEnabled ? "on" : "off"}); they enrol again at next sign-in`);
}
