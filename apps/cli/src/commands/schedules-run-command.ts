import { Argument, type Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";

export function registerSchedulesRun(schedules: Command): void {
  schedules
    .command("run")
    .description("run a schedule's task now, as your own task (operator); prints its task id")
    .addArgument(new Argument("<id>", "schedule id (see `switchyard schedules`)"))
    .action(action<object, [string]>(runNow));
}

async function runNow(ctx: CommandContext, _opts: object, id: string): Promise<void> {
  const answer = await ctx.api.post(z.looseObject({ scheduleId: z.string(), taskId: z.string() }), `/api/v1/schedules/${encodeURIComponent(id)}/run`);
  if (ctx.json) return ctx.out.data(answer);
  ctx.out.line(answer.taskId);
}
