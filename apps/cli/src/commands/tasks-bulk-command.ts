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
import { throwIfInterrupted } from "../interrupt.js";
import { intOption, isoTimeOption, listOption, readTextFile } from "../parse-options.js";
import { createProgress, startStatusLine } from "../progress-display.js";

interface BulkOptions {
  ids?: string[];
  idsFile?: string;
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

const PATH = "/api/v1/tasks/bulk-action";

/** `tasks` only groups task commands (today `tasks bulk`); it prints its help. */
function tasksGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === "tasks") ??
    program.command("tasks").description("act on many tasks at once (`tasks bulk`)")
  );
}

export function registerTasksBulk(program: Command): void {
  tasksGroup(program)
    .command("bulk")
    .description("cancel, retry or delete tasks by id or by filter (POST /api/v1/tasks/bulk-action; operator, sensitive)")
    .addArgument(new Argument("<action>", "what to do").choices(BULK_TASK_ACTIONS))
    .option("--ids <a,b,c>", "these task ids (comma-separated; repeatable)", listOption())
    .addOption(new Option("--ids-file <path>", "task ids from a file, one per line or comma-separated ('-' for stdin)"))
    .addOption(new Option("--status <status>", "every task in this status").choices(TASK_STATUSES))
    .option("--type <type>", "every task of this type")
    .addOption(new Option("--pool <name>", "every task of this pool").choices(POOL_NAMES))
    .addOption(new Option("--priority <priority>", "every task of this priority").choices(PRIORITIES))
    .option("-q, --search <text>", "every task with all these words in id, type, payload, result or error")
    .option("--from <time>", "every task created at or after this ISO time (or date)", isoTimeOption)
    .option("--to <time>", "every task created at or before this ISO time (or date)", isoTimeOption)
    .option("--limit <n>", `with a filter: at most this many, the newest (default and most ${MAX_BULK_ACTION_MATCHES})`, intOption(1, MAX_BULK_ACTION_MATCHES))
    .option("--dry-run", "only count: how many match and how many the action applies to")
    .option("-y, --yes", "don't ask for confirmation (required when stdin is not a terminal)")
    .addHelpText(
      "after",
      `
cancel: waiting and running tasks; retry: dead and cancelled ones (a new run, same id); delete:
finished tasks leave the history. Others are skipped and counted by reason. By ids the requests
go ${MAX_BULK_ACTION_IDS} at a time with a progress bar; by filter it is one request. Without --yes and --dry-run
it first asks the server for the count and has you type it to confirm. The operation is
sensitive: a token needs the sensitive scope. With --json: {"action","dryRun","matched",
"affected","skipped","skippedReasons","truncated"}.

Examples:
  switchyard tasks bulk retry --status dead --type scrape.page --dry-run
  switchyard tasks bulk retry --status dead --search timeout --yes
  switchyard list --json --status completed --to 2027-01-01 | jq -r '.items[].id' | switchyard tasks bulk delete --ids-file - --yes`,
    )
    .action(action<BulkOptions, [BulkTaskAction]>(runBulk));
}

function idsFrom(opts: BulkOptions): string[] {
  const ids = [...(opts.ids ?? [])];
  if (opts.idsFile !== undefined) {
    let text: string;
    try {
      text = readTextFile(opts.idsFile);
    } catch (err) {
      throw new CliError(`cannot read --ids-file ${opts.idsFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, EXIT.usage);
    }
    ids.push(...text.split(/[\s,]+/).filter((s) => s !== ""));
  }
  return [...new Set(ids)];
}

async function runBulk(ctx: CommandContext, opts: BulkOptions, act: BulkTaskAction): Promise<void> {
  const filter = Object.fromEntries(
    Object.entries({ status: opts.status, type: opts.type, pool: opts.pool, priority: opts.priority, q: opts.search, from: opts.from, to: opts.to })
      .filter(([, v]) => v !== undefined),
  );
  const byIds = opts.ids !== undefined || opts.idsFile !== undefined;
  const byFilter = Object.keys(filter).length > 0;
  if (byIds === byFilter) {
    throw new CliError(byIds ? "give either ids or filter options, not both" : "give --ids/--ids-file, or at least one filter option", EXIT.usage);
  }
  if (byIds && opts.limit !== undefined) throw new CliError("--limit goes with a filter, not with ids", EXIT.usage);
  const ids = byIds ? idsFrom(opts) : [];
  if (byIds && ids.length === 0) throw new CliError("no task ids given", EXIT.usage);
  const send = (dryRun: boolean, chunk?: string[]) =>
    ctx.api.post(bulkTaskActionResultSchema, PATH, {
      action: act,
      dryRun,
      ...(chunk ? { ids: chunk } : { filter, ...(opts.limit ? { limit: opts.limit } : {}) }),
    });

  if (!opts.dryRun && !opts.yes) {
    const preview = byIds ? await byChunks(ctx, ids, (chunk) => send(true, chunk), "counting") : await send(true);
    const ok = await confirmByTyping(
      `This will ${act} ${preview.affected} of ${preview.matched} matching task(s). Type ${preview.affected} to confirm:`,
      String(preview.affected),
      ctx.signal,
      ctx.out.stderrAnsi,
    );
    if (!ok) throw new CliError(`not confirmed; nothing was done`, EXIT.failure);
  }
  const dryRun = opts.dryRun === true;
  let result: BulkTaskActionResult;
  if (byIds) {
    result = await byChunks(ctx, ids, (chunk) => send(dryRun, chunk), dryRun ? "counting" : act);
  } else {
    const status = startStatusLine(ctx.out, `${dryRun ? "counting" : act}: tasks matching ${Object.entries(filter).map(([k, v]) => `${k}=${v}`).join(", ")}`);
    try {
      result = await send(dryRun);
    } finally {
      status.stop();
    }
  }
  if (ctx.json) return ctx.out.data(result);
  const verb = { cancel: "cancelled", retry: "retried", delete: "deleted" }[act];
  ctx.out.line(
    `${dryRun ? "dry run: would have " : ""}${verb} ${result.affected} of ${result.matched} matching; skipped ${result.skipped}` +
      (result.truncated ? ` (only the newest ${opts.limit ?? MAX_BULK_ACTION_MATCHES} matches were taken)` : ""),
  );
  for (const [reason, n] of Object.entries(result.skippedReasons)) ctx.out.line(`  skipped ${n}: ${reason}`);
}

/** Sends ids in chunks the API accepts, with a progress bar, and adds up the answers. */
async function byChunks(
  ctx: CommandContext,
  ids: string[],
  send: (chunk: string[]) => Promise<BulkTaskActionResult>,
  label: string,
): Promise<BulkTaskActionResult> {
  let total: BulkTaskActionResult | null = null;
  const bar = createProgress(ctx.out, { label, total: ids.length, show: "count" });
  try {
    for (let i = 0; i < ids.length; i += MAX_BULK_ACTION_IDS) {
      throwIfInterrupted(ctx.signal);
      const chunk = ids.slice(i, i + MAX_BULK_ACTION_IDS);
      const r = await send(chunk);
      if (!total) total = { ...r, skippedReasons: { ...r.skippedReasons } };
      else {
        total.matched += r.matched;
        total.affected += r.affected;
        total.skipped += r.skipped;
        for (const [reason, n] of Object.entries(r.skippedReasons)) total.skippedReasons[reason] = (total.skippedReasons[reason] ?? 0) + n;
      }
      bar.update(Math.min(ids.length, i + chunk.length), { status: `${total.affected} done, ${total.skipped} skipped` });
    }
  } finally {
    bar.stop();
  }
  if (!total) throw new CliError("no task ids given", EXIT.usage);
  return total;
}
