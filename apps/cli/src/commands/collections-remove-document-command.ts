import type { Command } from "commander";
import { deleteDocumentResultSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerCollectionsRemoveDocument(collections: Command): void {
  collections
    .command("remove-document")
    .description("remove a document's chunks from a collection (DELETE /api/v1/collections/:name/documents/:id)")
    .argument("<name>", "collection")
    .argument("<id>", "document id")
    .action(action<object, [string, string]>(runRemove));
}

async function runRemove(ctx: CommandContext, _opts: object, name: string, id: string): Promise<void> {
  const out = await ctx.api.delete(deleteDocumentResultSchema, `/api/v1/collections/${encodeURIComponent(name)}/documents/${encodeURIComponent(id)}`);
  if (ctx.json) ctx.out.data(out);
  else ctx.out.line(`document ${out.documentId}: ${out.deletedChunks} chunk(s) removed from ${out.collection}`);
}
