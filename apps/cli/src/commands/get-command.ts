import type { Command } from "commander";
import { action, type CommandContext } from "../context.js";
import { getTask } from "../task-api.js";
import { printTask } from "../task-display.js";

export function registerGet(program: Command): void {
  program
    .command("get")
    .description("show one task, live or finished, with its attempt history (GET /api/v1/tasks/:id)")
    .argument("<id>", "task id")
    // Ids may start with "-" (they are base-64): take such a word as the id, not as an option.
    .allowUnknownOption()
    .action(action<object, [string]>(runGet));
}

async function runGet(ctx: CommandContext, _opts: object, id: string): Promise<void> {
  const task = await getTask(ctx.api, id);
  if (ctx.json) ctx.out.data(task);
  else printTask(ctx.out, task);
}
