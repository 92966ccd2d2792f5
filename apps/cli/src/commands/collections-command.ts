import type { Command } from "commander";
import { collectionListSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

/** `collections`: list them; subcommands show, add, document, remove-document, delete. */
export function registerCollections(program: Command): Command {
  const collections = program
    .command("collections")
    .description("Chroma collections with their chunk counts (GET /api/v1/collections)")
    .action(action<object, []>(runList));
  return collections;
}

async function runList(ctx: CommandContext): Promise<void> {
  const out = await ctx.api.get(collectionListSchema, "/api/v1/collections");
  if (ctx.json) ctx.out.data(out);
  else if (out.collections.length === 0) ctx.out.line("no collections");
  else ctx.out.table([{ header: "NAME" }, { header: "CHUNKS", align: "right" }], out.collections.map((c) => [c.name, String(c.chunks)]));
}
