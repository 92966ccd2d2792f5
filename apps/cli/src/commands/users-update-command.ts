import { Option, type Command } from "commander";
import { ROLES, userViewSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { printUser } from "../user-display.js";

interface UpdateOptions {
  name?: string;
  role?: string;
  disable?: boolean;
  enable?: boolean;
}

export function registerUsersUpdate(users: Command): void {
  users
    .command("update")
    .description("rename a person, change their role, disable or re-enable them (PATCH /api/v1/users/:id; sensitive)")
    .argument("<id>", "user id (from `users list`)")
    .option("--name <name>", "new name")
    .addOption(new Option("--role <role>", "new role").choices(ROLES))
    .addOption(new Option("--disable", "disable the account: ends their sessions and revokes their tokens").conflicts("enable"))
    .option("--enable", "re-enable a disabled account")
    .addHelpText("after", "\nA role change or disabling ends the person's sessions. The last active admin cannot be demoted or disabled.")
    .action(action<UpdateOptions, [string]>(runUpdate));
}

async function runUpdate(ctx: CommandContext, opts: UpdateOptions, id: string): Promise<void> {
  const body = {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.role !== undefined ? { role: opts.role } : {}),
    ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
  };
  if (Object.keys(body).length === 0) throw new CliError("nothing to change: give --name, --role, --disable or --enable", EXIT.usage);
  const user = await ctx.api.patch(userViewSchema, `/api/v1/users/${encodeURIComponent(id)}`, body);
  if (ctx.json) return ctx.out.data(user);
  ctx.out.line(`user ${user.id} updated`);
  printUser(ctx.out, user);
}
