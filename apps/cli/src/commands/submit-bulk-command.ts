import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { readTextFile } from "../parse-options.js";

const bulkAnswerSchema = z.object({ ids: z.array(z.string()), replayed: z.boolean().optional() });

interface BulkOptions {
  idempotencyKey?: string;
}

export function registerSubmitBulk(program: Command): void {
  program
    .command("submit-bulk")
    .description("submit up to 1,000 tasks at once, all or nothing (POST /api/v1/tasks/bulk)")
    .argument("<file>", "JSON: an array of tasks or {\"tasks\":[...]}, each like the body of submit ('-' for stdin)")
    .option("--idempotency-key <key>", "a repeat with the same key within 24 h returns the original ids")
    .addHelpText("after", '\nExample file: [{"type":"diagnostic.sleep","payload":{"ms":100},"priority":"low"}]\nPrints one task id per line (with --json: {"ids":[...],"replayed":...}).')
    .action(action<BulkOptions, [string]>(runBulk));
}

async function runBulk(ctx: CommandContext, opts: BulkOptions, file: string): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(readTextFile(file));
  } catch (err) {
    throw new CliError(`cannot read tasks from ${file}: ${(err as Error).message}`, EXIT.usage);
  }
  const body = Array.isArray(raw) ? { tasks: raw } : raw;
  const headers = opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : undefined;
  const out = await ctx.api.post(bulkAnswerSchema, "/api/v1/tasks/bulk", body, headers);
  if (ctx.json) return ctx.out.data(out);
  for (const id of out.ids) ctx.out.line(id);
  ctx.out.note(`submitted ${out.ids.length} task(s)${out.replayed ? " (replayed: this idempotency key was used before)" : ""}`);
}
