import { Option, type Command } from "commander";
import { createdTokenSchema, ROLES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { formatTime } from "../format.js";
import { expiryOption } from "../parse-options.js";

interface CreateOptions {
  role: string;
  expires?: string;
  sensitive?: boolean;
}

export function registerTokensCreate(tokens: Command): void {
  tokens
    .command("create")
    .description("create an API token and print its secret, this once (POST /api/v1/tokens; sensitive)")
    .argument("<name>", "what the token is for, e.g. \"ci deploys\"")
    .addOption(new Option("--role <role>", "its role; no higher than yours").choices(ROLES).makeOptionMandatory())
    .option("--expires <when>", "expiry: an ISO time (2027-06-30T00:00:00Z) or a duration from now (90m, 12h, 30d, 8w)", expiryOption)
    .option("--sensitive", "the `sensitive` scope: lets the token run sensitive operations (token and user management, pool reset, audit export, …)")
    .addHelpText(
      "after",
      "\nThe secret is printed once and stored only as a hash: keep it now.\nWith --json: the whole created token, the secret in \"token\".",
    )
    .action(action<CreateOptions, [string]>(runCreate));
}

async function runCreate(ctx: CommandContext, opts: CreateOptions, name: string): Promise<void> {
  const body = {
    name,
    role: opts.role,
    ...(opts.expires ? { expiresAt: opts.expires } : {}),
    ...(opts.sensitive ? { scopes: ["sensitive"] } : {}),
  };
  const created = await ctx.api.post(createdTokenSchema, "/api/v1/tokens", body);
  if (ctx.json) return ctx.out.data(created);
  const scopes = created.scopes.length > 0 ? created.scopes.join(",") : "none";
  ctx.out.line(
    `token ${created.id} "${created.name}" created: role ${created.role}, scopes ${scopes}, expires ${created.expiresAt ? formatTime(created.expiresAt) : "never"}`,
  );
  ctx.out.line(created.token);
  ctx.out.line("This secret is shown once and cannot be shown again: store it now (e.g. as SWITCHYARD_TOKEN).");
}
