import { Option, type Command } from "commander";
import { POOL_NAMES, redriveResultSchema, type RedriveResult } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { throwIfInterrupted } from "../interrupt.js";
import { intOption, listOption, readTextFile } from "../parse-options.js";
import { createProgress, startStatusLine } from "../progress-display.js";

interface RedriveOptions {
  ids?: string[];
  idsFile?: string;
  filterType?: string;
  filterPool?: string;
  filterError?: string;
  filterSince?: string;
  limit?: number;
  chunkSize: number;
}

export function registerDeadLettersRedrive(deadLetters: Command): void {
  deadLetters
    .command("redrive")
    .description("run dead tasks again, by id or by filter (POST /api/v1/dead-letters/redrive; operator)")
    .option("--ids <a,b,c>", "these task ids (comma-separated; repeatable)", listOption())
    .addOption(new Option("--ids-file <path>", "task ids from a file, one per line or comma-separated ('-' for stdin)"))
    .option("--filter-type <type>", "every dead task of this type")
    .addOption(new Option("--filter-pool <name>", "every dead task of this pool").choices(POOL_NAMES))
    .option("--filter-error <text>", "every dead task whose error contains this text")
    .option("--filter-since <time>", "every task dead since an ISO time or epoch ms (0 = all of them)")
    .option("--limit <n>", "with a filter: redrive at most this many", intOption(1, 100_000))
    .option("--chunk-size <n>", "with ids: ids per request (the progress bar moves per request)", intOption(1, 10_000), 100)
    .addHelpText(
      "after",
      `
By ids the requests go in chunks with a progress bar; by filter it is one request (a status line
while it runs). Prints how many were redriven and why any were skipped. With --json:
{"requested","redriven","skipped":[{"id","reason"}]}.

Examples:
  switchyard dead-letters redrive --ids 0Abc,0Abd
  switchyard dead-letters --json --type scrape.page | jq -r '.items[].id' | switchyard dead-letters redrive --ids-file -
  switchyard dead-letters redrive --filter-type scrape.page --filter-error timeout --limit 500`,
    )
    .action(action<RedriveOptions>(runRedrive));
}

function idsFrom(opts: RedriveOptions): string[] {
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

async function runRedrive(ctx: CommandContext, opts: RedriveOptions): Promise<void> {
  const filter = {
    ...(opts.filterType ? { type: opts.filterType } : {}),
    ...(opts.filterPool ? { pool: opts.filterPool } : {}),
    ...(opts.filterError ? { error: opts.filterError } : {}),
    ...(opts.filterSince ? { since: opts.filterSince } : {}),
  };
  const byIds = opts.ids !== undefined || opts.idsFile !== undefined;
  const byFilter = Object.keys(filter).length > 0;
  if (byIds === byFilter) {
    throw new CliError(
      byIds ? "give either ids or a filter, not both" : "give --ids/--ids-file, or at least one --filter-* option (--filter-since 0 matches every dead task)",
      EXIT.usage,
    );
  }
  if (byIds && opts.limit !== undefined) throw new CliError("--limit goes with a filter, not with ids", EXIT.usage);

  const result = byIds ? await redriveIds(ctx, idsFrom(opts), opts.chunkSize) : await redriveFilter(ctx, filter, opts.limit);
  if (ctx.json) return ctx.out.data(result);
  ctx.out.line(`redriven ${result.redriven} of ${result.requested}; skipped ${result.skipped.length}`);
  for (const s of result.skipped) ctx.out.line(`  skipped ${s.id}: ${s.reason}`);
}

async function redriveIds(ctx: CommandContext, ids: string[], chunkSize: number): Promise<RedriveResult> {
  if (ids.length === 0) throw new CliError("no task ids given", EXIT.usage);
  const total: RedriveResult = { requested: 0, redriven: 0, skipped: [] };
  const bar = createProgress(ctx.out, { label: "redrive", total: ids.length, show: "count" });
  try {
    for (let i = 0; i < ids.length; i += chunkSize) {
      throwIfInterrupted(ctx.signal);
      const chunk = ids.slice(i, i + chunkSize);
      const r = await ctx.api.post(redriveResultSchema, "/api/v1/dead-letters/redrive", { ids: chunk });
      total.requested += r.requested;
      total.redriven += r.redriven;
      total.skipped.push(...r.skipped);
      bar.update(Math.min(ids.length, i + chunk.length), { status: `${total.redriven} redriven, ${total.skipped.length} skipped` });
    }
  } finally {
    bar.stop();
  }
  return total;
}

async function redriveFilter(ctx: CommandContext, filter: Record<string, string>, limit: number | undefined): Promise<RedriveResult> {
  const described = Object.entries(filter)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const status = startStatusLine(ctx.out, `redriving dead letters matching ${described}${limit ? ` (at most ${limit})` : ""}`);
  try {
    return await ctx.api.post(redriveResultSchema, "/api/v1/dead-letters/redrive", { filter, ...(limit ? { limit } : {}) });
  } finally {
    status.stop();
  }
}
