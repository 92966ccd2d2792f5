import { Option, type Command } from "commander";
import { POOL_NAMES, PRIORITIES, TASK_STATUSES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { intOption, isoTimeOption } from "../parse-options.js";
import { fetchTaskPages } from "../task-api.js";
import { TASK_COLUMNS, taskRow } from "../task-display.js";

interface ListOptions {
  status?: string;
  type?: string;
  pool?: string;
  priority?: string;
  search?: string;
  from?: string;
  to?: string;
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
    .addOption(new Option("--priority <priority>", "only this priority").choices(PRIORITIES))
    .option("-q, --search <text>", "only tasks with all these words in id, type, payload, result or error (word* for a prefix)")
    .option("--from <time>", "only tasks created at or after this ISO time (or date, midnight UTC)", isoTimeOption)
    .option("--to <time>", "only tasks created at or before this ISO time (or date, midnight UTC)", isoTimeOption)
    .option("--limit <n>", "tasks per page (1-500, server default 50)", intOption(1, 500))
    .option("--cursor <cursor>", "continue from a previous page")
    .option("--all", "follow the cursor through every page")
    .addHelpText(
      "after",
      "\nWith --json: {\"items\":[...],\"nextCursor\":...} (with --all every item and nextCursor null).\n\n" +
        "Examples:\n  switchyard list --status dead --search \"timeout\" --from 2027-06-30\n  switchyard list -q \"example.org/docs\" --type scrape.page",
    )
    .action(action<ListOptions>(runList));
}

async function runList(ctx: CommandContext, opts: ListOptions): Promise<void> {
  const { items, nextCursor: next } = await fetchTaskPages(
    ctx.api,
    "/api/v1/tasks",
    {
      status: opts.status,
      type: opts.type,
      pool: opts.pool,
      priority: opts.priority,
      q: opts.search,
      from: opts.from,
      to: opts.to,
      limit: opts.limit,
      cursor: opts.cursor,
    },
    opts.all === true,
    ctx.signal,
  );
  if (ctx.json) return ctx.out.data({ items, nextCursor: next });
  if (items.length === 0) ctx.out.line("no tasks");
  else ctx.out.table(TASK_COLUMNS, items.map((t) => taskRow(ctx.out, t)));
  if (next) {
    // The next page needs the same filters as this one.
    const again = [
      ["--status", opts.status], ["--type", opts.type], ["--pool", opts.pool], ["--priority", opts.priority],
      ["--search", opts.search === undefined ? undefined : JSON.stringify(opts.search)], ["--from", opts.from], ["--to", opts.to],
      ["--limit", opts.limit === undefined ? undefined : String(opts.limit)],
    ].flatMap(([flag, value]) => (value === undefined ? [] : [` ${flag} ${value}`]));
    ctx.out.note(`more: switchyard list${again.join("")} --cursor ${next} (or --all)`);
  }
}
