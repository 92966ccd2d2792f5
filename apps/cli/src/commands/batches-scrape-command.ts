import { Option, type Command } from "commander";
import { batchSubmittedSchema, PRIORITIES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { readTextFile } from "../parse-options.js";

interface ScrapeOptions {
  file?: string;
  priority?: string;
  ingest?: string;
  screenshot?: boolean;
  idempotencyKey?: string;
}

export function registerBatchesScrape(batches: Command): void {
  batches
    .command("scrape")
    .description("scrape many URLs as one batch (POST /api/v1/batches/scrape); prints the batch id")
    .argument("[urls...]", "the URLs")
    .option("--file <path>", "read URLs from a file, one per line ('-' for stdin; blank lines and # comments skipped)")
    .addOption(new Option("--priority <level>", "the batch's and its children's priority (default bulk)").choices(PRIORITIES))
    .option("--ingest <collection>", "ingest each page's text into this collection")
    .option("--screenshot", "store a screenshot of each page")
    .option("--idempotency-key <key>", "repeats with the same key return the first batch")
    .action(action<ScrapeOptions, [string[]]>(runScrape));
}

/** Lines of a file that name something: trimmed, without blanks and # comments. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

async function runScrape(ctx: CommandContext, opts: ScrapeOptions, urls: string[]): Promise<void> {
  const all = [...urls, ...(opts.file !== undefined ? linesOf(readTextFile(opts.file)) : [])];
  if (all.length === 0) throw new CliError("give the URLs as arguments or with --file", EXIT.usage);
  const body = {
    urls: all,
    ...(opts.priority ? { priority: opts.priority } : {}),
    ...(opts.ingest ? { ingest: { collection: opts.ingest } } : {}),
    ...(opts.screenshot ? { screenshot: true } : {}),
  };
  const headers: Record<string, string> = opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : {};
  const out = await ctx.api.post(batchSubmittedSchema, "/api/v1/batches/scrape", body, headers);
  if (ctx.json) return ctx.out.data(out);
  ctx.out.line(`batch ${out.id}: ${out.total} pages at ${out.priority} priority${out.replayed ? " (already submitted)" : ""}; follow it with: switchyard batches show ${out.id}`);
}
