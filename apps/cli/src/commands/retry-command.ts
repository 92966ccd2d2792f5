import type { Command } from "commander";
import { taskViewSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerRetry(program: Command): void {
  program
    .command("retry")
    .description("run a dead or cancelled task again (POST /api/v1/tasks/:id/retry)")
    .argument("<id>", "task id")
    // Ids may start with "-" (they are base-64): take such a word as the id, not as an option.
    .allowUnknownOption()
    .action(action<object, [string]>(runRetry));
}

async function runRetry(ctx: CommandContext, _opts: object, id: string): Promise<void> {
  const task = await ctx.api.post(taskViewSchema, `/api/v1/tasks/${encodeURIComponent(id)}/retry`);
  if (ctx.json) ctx.out.data(task);
  else ctx.out.line(`task ${id}: ${ctx.out.style.status(task.status)} again in pool ${task.pool}`);
}
