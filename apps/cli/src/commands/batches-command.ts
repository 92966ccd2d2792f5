import { Option, type Command } from "commander";
import { BATCH_KINDS, batchListSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { intOption } from "../parse-options.js";

interface ListOptions {
  kind?: string;
  limit?: number;
  cursor?: string;
}

/** `batches` lists; `batches scrape|embed|show|cancel` (their own files) submit, read or cancel one. */
export function registerBatches(program: Command): Command {
  return program
    .command("batches")
    .description("list scrape and embed batches, newest first, with their progress (GET /api/v1/batches); subcommands submit, show or cancel one")
    .addOption(new Option("--kind <kind>", "only this kind").choices(BATCH_KINDS))
    .option("--limit <n>", "how many (1-100)", intOption(1, 100))
    .option("--cursor <cursor>", "the next page, as the previous answer named it")
    .action(action<ListOptions>(runList));
}

async function runList(ctx: CommandContext, opts: ListOptions): Promise<void> {
  const query = new URLSearchParams();
  if (opts.kind) query.set("kind", opts.kind);
  if (opts.limit !== undefined) query.set("limit", String(opts.limit));
  if (opts.cursor) query.set("cursor", opts.cursor);
  const page = await ctx.api.get(batchListSchema, `/api/v1/batches${query.size > 0 ? `?${query.toString()}` : ""}`);
  if (ctx.json) return ctx.out.data(page);
  ctx.out.table(
    [{ header: "ID" }, { header: "KIND" }, { header: "STATUS" }, { header: "PRIORITY" }, { header: "CHILDREN" }, { header: "PROGRESS" }, { header: "CREATED" }],
    page.items.map((b) => [
      b.id,
      b.kind,
      { text: b.status, style: ctx.out.style.status },
      b.priority,
      String(b.total),
      b.progress.message ?? `${b.progress.percent}%`,
      b.createdAt,
    ]),
  );
  if (page.nextCursor) ctx.out.line(`more: switchyard batches --cursor ${page.nextCursor}`);
}
