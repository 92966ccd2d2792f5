import type { Command } from "commander";
import { taskViewSchema } from "@switchyard/shared";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";

const cancelAnswerSchema = z.object({ task: taskViewSchema, stopped: z.boolean() });

export function registerCancel(program: Command): void {
  program
    .command("cancel")
    .description("cancel a task: remove it if waiting, stop it if active (POST /api/v1/tasks/:id/cancel)")
    .argument("<id>", "task id")
    // Ids may start with "-" (they are base-64): take such a word as the id, not as an option.
    .allowUnknownOption()
    .action(action<object, [string]>(runCancel));
}

async function runCancel(ctx: CommandContext, _opts: object, id: string): Promise<void> {
  const out = await ctx.api.post(cancelAnswerSchema, `/api/v1/tasks/${encodeURIComponent(id)}/cancel`);
  if (ctx.json) return ctx.out.data(out);
  if (out.stopped) ctx.out.line(`task ${id}: ${ctx.out.style.status(out.task.status)}`);
  else ctx.out.line(`task ${id}: told to stop; it is still stopping (status ${ctx.out.style.status(out.task.status)})`);
}
