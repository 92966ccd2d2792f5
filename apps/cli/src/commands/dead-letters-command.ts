import { Option, type Command } from "commander";
import { POOL_NAMES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { formatTime } from "../format.js";
import { intOption } from "../parse-options.js";
import { fetchTaskPages } from "../task-api.js";

interface DeadLetterOptions {
  type?: string;
  pool?: string;
  error?: string;
  since?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** `dead-letters` lists; `dead-letters redrive` (its own file) runs them again. */
export function registerDeadLetters(program: Command): Command {
  return program
    .command("dead-letters")
    .description("list dead tasks, newest first (GET /api/v1/dead-letters); `redrive` runs them again")
    .option("--type <type>", "only this task type")
    .addOption(new Option("--pool <name>", "only this pool").choices(POOL_NAMES))
    .option("--error <text>", "only errors containing this text (case-insensitive)")
    .option("--since <time>", "only tasks dead since an ISO time or epoch milliseconds")
    .option("--limit <n>", "tasks per page (1-500, server default 50)", intOption(1, 500))
    .option("--cursor <cursor>", "continue from a previous page")
    .option("--all", "follow the cursor through every page")
    .addHelpText("after", "\nWith --json: {\"items\":[...],\"nextCursor\":...}.")
    .action(action<DeadLetterOptions>(runDeadLetters));
}

async function runDeadLetters(ctx: CommandContext, opts: DeadLetterOptions): Promise<void> {
  const { items, nextCursor: next } = await fetchTaskPages(
    ctx.api,
    "/api/v1/dead-letters",
    { type: opts.type, pool: opts.pool, error: opts.error, since: opts.since, limit: opts.limit, cursor: opts.cursor },
    opts.all === true,
    ctx.signal,
  );
  if (ctx.json) return ctx.out.data({ items, nextCursor: next });
  if (items.length === 0) ctx.out.line("no dead letters");
  else {
    ctx.out.table(
      [
        { header: "ID" },
        { header: "TYPE" },
        { header: "POOL" },
        { header: "ATTEMPTS", align: "right" },
        { header: "DIED" },
        { header: "ERROR", maxWidth: 70 },
      ],
      items.map((t) => [t.id, t.type, t.pool, String(t.attempts), formatTime(t.finishedAt), t.error ?? ""]),
    );
  }
  if (next) ctx.out.note(`more: switchyard dead-letters --cursor ${next} (or --all)`);
}
