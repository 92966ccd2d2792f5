import { Option, type Command } from "commander";
import { POOL_NAMES, TASK_STATUSES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { intOption } from "../parse-options.js";
import { fetchTaskPages } from "../task-api.js";
import { TASK_COLUMNS, taskRow } from "../task-display.js";

interface ListOptions {
  status?: string;
  type?: string;
  pool?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

export function registerList(program: Command): void {
  program
    .command("list")
    .description("list tasks, newest first (GET /api/v1/tasks)")
    .addOption(new Option("--status <status>", "only tasks in this status").choices(TASK_STATUSES))
    .option("--type <type>", "only this task type")
    .addOption(new Option("--pool <name>", "only this pool").choices(POOL_NAMES))
    .option("--limit <n>", "tasks per page (1-500, server default 50)", intOption(1, 500))
    .option("--cursor <cursor>", "continue from a previous page")
    .option("--all", "follow the cursor through every page")
    .addHelpText("after", "\nWith --json: {\"items\":[...],\"nextCursor\":...} (with --all every item and nextCursor null).")
    .action(action<ListOptions>(runList));
}

async function runList(ctx: CommandContext, opts: ListOptions): Promise<void> {
  const { items, nextCursor: next } = await fetchTaskPages(
    ctx.api,
    "/api/v1/tasks",
    { status: opts.status, type: opts.type, pool: opts.pool, limit: opts.limit, cursor: opts.cursor },
    opts.all === true,
    ctx.signal,
  );
  if (ctx.json) return ctx.out.data({ items, nextCursor: next });
  if (items.length === 0) ctx.out.line("no tasks");
  else ctx.out.table(TASK_COLUMNS, items.map((t) => taskRow(ctx.out, t)));
  if (next) ctx.out.note(`more: switchyard list --cursor ${next}${opts.limit ? ` --limit ${opts.limit}` : ""} (or --all)`);
}
