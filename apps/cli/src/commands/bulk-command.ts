import { Argument, Option, type Command } from "commander";
import {
  BULK_TASK_ACTIONS,
  bulkTaskActionResultSchema,
  MAX_BULK_ACTION_IDS,
  MAX_BULK_ACTION_MATCHES,
  POOL_NAMES,
  PRIORITIES,
  TASK_STATUSES,
  type BulkTaskAction,
  type BulkTaskActionResult,
} from "@switchyard/shared";
import { confirmByTyping } from "../confirm.js";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { intOption, isoTimeOption, listOption } from "../parse-options.js";

interface BulkOptions {
  ids?: string[];
  status?: string;
  type?: string;
  pool?: string;
  priority?: string;
  search?: string;
  from?: string;
  to?: string;
  limit?: number;
  dryRun?: boolean;
  yes?: boolean;
}

export function registerBulk(program: Command): void {
  program
    .command("bulk")
    .description("cancel, retry or delete many tasks, by ids or by the task list's filters (POST /api/v1/tasks/bulk-action; sensitive)")
    .addArgument(new Argument("<action>", "what to do").choices(BULK_TASK_ACTIONS))
    .option("--ids <a,b,c>", `these task ids (comma-separated; repeatable; at most ${MAX_BULK_ACTION_IDS})`, listOption())
    .addOption(new Option("--status <status>", "every task in this status").choices(TASK_STATUSES))
    .option("--type <type>", "every task of this type")
    .addOption(new Option("--pool <name>", "every task of this pool").choices(POOL_NAMES))
    .addOption(new Option("--priority <p>", "every task of this priority").choices(PRIORITIES))
    .option("--search <words>", "every task whose id, type, payload, result or error has these words (word* for a prefix)")
    .option("--from <time>", "created at or after (ISO with a zone, or a date)", isoTimeOption)
    .option("--to <time>", "created at or before (ISO with a zone, or a date)", isoTimeOption)
    .option("--limit <n>", `with filters: act on at most the newest n (up to ${MAX_BULK_ACTION_MATCHES})`, intOption(1, MAX_BULK_ACTION_MATCHES))
    .option("--dry-run", "only count what would be done")
    .option("-y, --yes", "don't ask for confirmation (required when stdin is not a terminal)")
    .addHelpText(
      "after",
      `
cancel: waiting and running tasks; retry: dead and cancelled ones (a new run, same id); delete:
finished tasks leave the history and Redis. Others are skipped and counted by reason.
Unless --yes or --dry-run it first counts (a dry run), then asks you to type the action to confirm.
With --json: {"action","dryRun","matched","affected","skipped","skippedReasons","truncated"}.`,
    )
    .action(action<BulkOptions, [BulkTaskAction]>(runBulk));
}

async function runBulk(ctx: CommandContext, opts: BulkOptions, what: BulkTaskAction): Promise<void> {
  const filter = {
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.type ? { type: opts.type } : {}),
    ...(opts.pool ? { pool: opts.pool } : {}),
    ...(opts.priority ? { priority: opts.priority } : {}),
    ...(opts.search ? { q: opts.search } : {}),
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
  };
  const byFilter = Object.keys(filter).length > 0;
  if (byFilter === (opts.ids !== undefined)) throw new CliError("give either --ids or filters (--status, --type, --pool, --priority, --search, --from, --to)", EXIT.usage);
  if (opts.limit !== undefined && !byFilter) throw new CliError("--limit goes with filters", EXIT.usage);
  const body = {
    action: what,
    ...(byFilter ? { filter, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) } : { ids: [...new Set(opts.ids)] }),
  };
  const send = (dryRun: boolean): Promise<BulkTaskActionResult> =>
    ctx.api.post(bulkTaskActionResultSchema, "/api/v1/tasks/bulk-action", { ...body, dryRun });

  if (!opts.dryRun && !opts.yes) {
    const preview = await send(true);
    if (preview.affected === 0) return report(ctx, preview);
    const ok = await confirmByTyping(
      `This will ${what} ${preview.affected} task(s)${preview.truncated ? " (the newest that match; more match)" : ""}. Type "${what}" to confirm:`,
      what,
      ctx.signal,
      ctx.out.stderrAnsi,
    );
    if (!ok) throw new CliError(`not confirmed; nothing was done`, EXIT.failure);
  }
  report(ctx, await send(opts.dryRun === true));
}

function report(ctx: CommandContext, r: BulkTaskActionResult): void {
  if (ctx.json) return ctx.out.data(r);
  const verb = r.dryRun ? `would ${r.action}` : `${r.action}:`;
  ctx.out.line(`${verb} ${r.affected} of ${r.matched} matched task(s); ${r.skipped} skipped${r.truncated ? "; more matched than the limit (only the newest were taken)" : ""}`);
  const reasons = Object.entries(r.skippedReasons).filter(([, n]) => n > 0);
  if (reasons.length > 0) ctx.out.table([{ header: "SKIPPED BECAUSE" }, { header: "TASKS", align: "right" }], reasons.map(([why, n]) => [why, String(n)]));
}
