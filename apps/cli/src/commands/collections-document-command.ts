import type { Command } from "commander";
import { documentChunksSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerCollectionsDocument(collections: Command): void {
  collections
    .command("document")
    .description("one document's chunks, in order (GET /api/v1/collections/:name/documents/:id)")
    .argument("<name>", "collection")
    .argument("<id>", "document id")
    .action(action<object, [string, string]>(runDocument));
}

async function runDocument(ctx: CommandContext, _opts: object, name: string, id: string): Promise<void> {
  const out = await ctx.api.get(documentChunksSchema, `/api/v1/collections/${encodeURIComponent(name)}/documents/${encodeURIComponent(id)}`);
  if (ctx.json) return ctx.out.data(out);
  ctx.out.line(`document ${out.documentId} in ${out.collection}: ${out.chunks.length} chunk(s)`);
  for (const c of out.chunks) ctx.out.line(`\n[${c.chunkIndex}] ${c.text}`);
}
