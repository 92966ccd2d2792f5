import { Option, type Command } from "commander";
import { batchSubmittedSchema, PRIORITIES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { intOption, readTextFile } from "../parse-options.js";
import { linesOf } from "./batches-scrape-command.js";

interface EmbedOptions {
  file?: string;
  model?: string;
  chunkSize?: number;
  collection?: string;
  documents?: string;
  priority?: string;
  idempotencyKey?: string;
}

export function registerBatchesEmbed(batches: Command): void {
  batches
    .command("embed")
    .description(
      "embed many texts (embed.texts children of --chunk-size texts), or ingest many documents into a collection, as one batch (POST /api/v1/batches/embed)",
    )
    .argument("[texts...]", "texts to embed")
    .option("--file <path>", "read texts from a file, one per line ('-' for stdin)")
    .option("--model <model>", "embedding model id or alias (default: the runner's)")
    .option("--chunk-size <n>", "texts per child task (default 64)", intOption(1, 2_048))
    .addOption(new Option("--collection <name>", "ingest --documents into this collection instead").conflicts(["model", "chunkSize"]))
    .option("--documents <path>", 'a JSON array of documents ({"id", "title"?, "text" | "html" | "url", "metadata"?}), with --collection')
    .addOption(new Option("--priority <level>", "the batch's and its children's priority (default bulk)").choices(PRIORITIES))
    .option("--idempotency-key <key>", "repeats with the same key return the first batch")
    .action(action<EmbedOptions, [string[]]>(runEmbed));
}

function parseDocuments(path: string): unknown {
  try {
    return JSON.parse(readTextFile(path));
  } catch (err) {
    throw new CliError(`--documents: not valid JSON (${(err as Error).message})`, EXIT.usage);
  }
}

async function runEmbed(ctx: CommandContext, opts: EmbedOptions, texts: string[]): Promise<void> {
  let body: Record<string, unknown>;
  if (opts.collection !== undefined || opts.documents !== undefined) {
    if (opts.collection === undefined || opts.documents === undefined) throw new CliError("--collection and --documents go together", EXIT.usage);
    if (texts.length > 0 || opts.file !== undefined) throw new CliError("give either texts or --collection with --documents", EXIT.usage);
    body = { collection: opts.collection, documents: parseDocuments(opts.documents) };
  } else {
    const all = [...texts, ...(opts.file !== undefined ? linesOf(readTextFile(opts.file)) : [])];
    if (all.length === 0) throw new CliError("give texts as arguments or with --file (or --collection with --documents)", EXIT.usage);
    body = { texts: all, ...(opts.model ? { model: opts.model } : {}), ...(opts.chunkSize !== undefined ? { chunkSize: opts.chunkSize } : {}) };
  }
  if (opts.priority) body["priority"] = opts.priority;
  const headers: Record<string, string> = opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : {};
  const out = await ctx.api.post(batchSubmittedSchema, "/api/v1/batches/embed", body, headers);
  if (ctx.json) return ctx.out.data(out);
  ctx.out.line(`batch ${out.id}: ${out.total} child tasks at ${out.priority} priority${out.replayed ? " (already submitted)" : ""}; follow it with: switchyard batches show ${out.id}`);
}
