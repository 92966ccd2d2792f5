import { Option, type Command } from "commander";
import { ROLES, userViewSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { promptSecret, readSecretFromStdin } from "../secret-input.js";
import { printUser } from "../user-display.js";

interface CreateOptions {
  name: string;
  role: string;
  passwordStdin?: boolean;
}

export function registerUsersCreate(users: Command): void {
  users
    .command("create")
    .description("create a person's account with a role and an initial password (POST /api/v1/users; sensitive)")
    .argument("<email>", "their email address (they sign in with it)")
    .requiredOption("--name <name>", "their name as shown in the dashboard and the audit log")
    .addOption(new Option("--role <role>", "their role").choices(ROLES).makeOptionMandatory())
    .option("--password-stdin", "read the initial password from standard input (else it is asked for on the terminal, not echoed)")
    .addHelpText(
      "after",
      "\nThe password never comes from the command line (ps and shell history would keep it). At least 12\ncharacters. Example: printf '%s' \"$PW\" | switchyard users create ana@example.com --name Ana --role operator --password-stdin",
    )
    .action(action<CreateOptions, [string]>(runCreate));
}

async function runCreate(ctx: CommandContext, opts: CreateOptions, email: string): Promise<void> {
  const password = opts.passwordStdin
    ? await readSecretFromStdin()
    : await promptSecret(`Initial password for ${email}:`, ctx.signal, { confirm: "Repeat it:", hint: "pass --password-stdin and pipe it in" });
  if (password === "") throw new CliError("the password is empty", EXIT.usage);
  const user = await ctx.api.post(userViewSchema, "/api/v1/users", { email, name: opts.name, role: opts.role, password });
  if (ctx.json) return ctx.out.data(user);
  ctx.out.line(`user ${user.id} created`);
  printUser(ctx.out, user);
}
