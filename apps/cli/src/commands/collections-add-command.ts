import { Option, type Command } from "commander";
import { addDocumentsResultSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { jsonOption, readTextFile } from "../parse-options.js";

interface AddOptions {
  title?: string;
  text?: string;
  file?: string;
  html?: string;
  url?: string;
  metadata?: unknown;
}

export function registerCollectionsAdd(collections: Command): void {
  collections
    .command("add")
    .description("ingest one document into a collection (POST /api/v1/collections/:name/documents)")
    .argument("<name>", "collection (created on first use)")
    .argument("<id>", "document id; adding the same id again replaces its chunks")
    .option("--title <title>", "document title")
    .addOption(new Option("--text <text>", "the document's text (plain or Markdown)").conflicts(["file", "html", "url"]))
    .addOption(new Option("--file <path>", "read the text from a file ('-' for stdin)").conflicts(["html", "url"]))
    .addOption(new Option("--html <path>", "read HTML from a file ('-' for stdin); its readable text is kept").conflicts(["url"]))
    .option("--url <url>", "fetch the page through the scraper (refused until the scraper is wired)")
    .option("--metadata <json>", "extra metadata for every chunk, a JSON object", jsonOption)
    .action(action<AddOptions, [string, string]>(runAdd));
}

async function runAdd(ctx: CommandContext, opts: AddOptions, name: string, id: string): Promise<void> {
  const source =
    opts.text !== undefined ? { text: opts.text }
    : opts.file !== undefined ? { text: readTextFile(opts.file) }
    : opts.html !== undefined ? { html: readTextFile(opts.html) }
    : opts.url !== undefined ? { url: opts.url }
    : null;
  if (!source) throw new CliError("give the document with --text, --file, --html or --url", EXIT.usage);
  const body = { id, ...(opts.title ? { title: opts.title } : {}), ...source, ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}) };
  const out = await ctx.api.post(addDocumentsResultSchema, `/api/v1/collections/${encodeURIComponent(name)}/documents`, body);
  if (ctx.json) return ctx.out.data(out);
  for (const t of out.tasks) ctx.out.line(`document ${t.documentId}: ingest task ${t.id} queued (follow it with: switchyard get ${t.id})`);
}
