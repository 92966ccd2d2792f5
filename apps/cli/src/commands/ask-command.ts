import type { Command } from "commander";
import { ragAnswerSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { intOption, jsonOption } from "../parse-options.js";

interface AskOptions {
  k?: number;
  filter?: unknown;
}

export function registerAsk(program: Command): void {
  program
    .command("ask")
    .description("ask a question over a collection and print the answer with its citations (POST /api/v1/rag/query)")
    .argument("<collection>", "collection")
    .argument("<question>", "the question")
    .option("-k, --k <n>", "passages to retrieve (default 5)", intOption(1, 50))
    .option("--filter <json>", 'chunk metadata filter, e.g. \'{"documentId":"faq"}\'', jsonOption)
    .action(action<AskOptions, [string, string]>(runAsk));
}

async function runAsk(ctx: CommandContext, opts: AskOptions, collection: string, query: string): Promise<void> {
  const body = { collection, query, ...(opts.k !== undefined ? { k: opts.k } : {}), ...(opts.filter !== undefined ? { filter: opts.filter } : {}) };
  const out = await ctx.api.post(ragAnswerSchema, "/api/v1/rag/query", body);
  if (ctx.json) return ctx.out.data(out);
  ctx.out.line(out.mode === "extractive" ? `${out.answer}\n(extractive: quoted from the sources; no chat model is configured)` : out.answer);
  out.citations.forEach((c, i) => ctx.out.line(`[${i + 1}] ${c.documentId}${c.title ? ` (${c.title})` : ""} #${c.chunkIndex}, score ${c.score.toFixed(3)}`));
}
