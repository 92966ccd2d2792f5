import type { Command } from "commander";
import { collectionDetailSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerCollectionsShow(collections: Command): void {
  collections
    .command("show")
    .description("one collection: its documents and chunk counts (GET /api/v1/collections/:name)")
    .argument("<name>", "collection")
    .action(action<object, [string]>(runShow));
}

async function runShow(ctx: CommandContext, _opts: object, name: string): Promise<void> {
  const out = await ctx.api.get(collectionDetailSchema, `/api/v1/collections/${encodeURIComponent(name)}`);
  if (ctx.json) return ctx.out.data(out);
  ctx.out.line(`collection ${out.name}: ${out.chunks} chunk(s), ${out.documents.length} document(s)${out.truncated ? " (first 10,000 chunks read)" : ""}`);
  if (out.documents.length > 0) {
    ctx.out.table(
      [{ header: "DOCUMENT" }, { header: "TITLE" }, { header: "CHUNKS", align: "right" }],
      out.documents.map((d) => [d.id, d.title ?? "", String(d.chunks)]),
    );
  }
}
