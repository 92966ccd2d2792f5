import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";

const answerSchema = z.object({ endedSessions: z.number().int().nonnegative() });

export function registerSignOutEverywhere(program: Command): void {
  program
    .command("sign-out-everywhere")
    .description("end every dashboard session of the person who owns this token, on every device (POST /api/v1/session/sign-out-everywhere)")
    .addHelpText(
      "after",
      "\nOpen dashboards and live connections of those sessions are disconnected within a second. API tokens\nkeep working (revoke them with `tokens revoke`); an automation token, which belongs to no person, is refused (exit 3).",
    )
    .action(action(runSignOutEverywhere));
}

async function runSignOutEverywhere(ctx: CommandContext): Promise<void> {
  const out = await ctx.api.post(answerSchema, "/api/v1/session/sign-out-everywhere");
  if (ctx.json) ctx.out.data(out);
  else ctx.out.line(`signed out everywhere: ${out.endedSessions} session(s) ended`);
}
