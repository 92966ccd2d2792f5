import type { Command } from "commander";
import { z } from "zod";
import { userViewSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { formatTime } from "../format.js";

const usersAnswerSchema = z.object({ users: z.array(userViewSchema) });

export function registerUsersList(users: Command): void {
  users
    .command("list")
    .description("every person with an account: email, name, role, state, second factor (GET /api/v1/users)")
    .addHelpText("after", "\nWith --json: {\"users\":[...]}.")
    .action(action(runList));
}

async function runList(ctx: CommandContext): Promise<void> {
  const { users } = await ctx.api.get(usersAnswerSchema, "/api/v1/users");
  if (ctx.json) return ctx.out.data({ users });
  if (users.length === 0) return ctx.out.line("no users");
  ctx.out.table(
    [{ header: "ID" }, { header: "EMAIL", maxWidth: 50 }, { header: "NAME", maxWidth: 40 }, { header: "ROLE" }, { header: "STATE" }, { header: "MFA" }, { header: "CREATED" }],
    users.map((u) => [
      u.id,
      u.email,
      u.name,
      u.role,
      { text: u.disabled ? "disabled" : "active", style: ctx.out.style.status },
      u.mfaEnabled ? "on" : "off",
      formatTime(u.createdAt),
    ]),
  );
}
