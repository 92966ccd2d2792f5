import type { Command } from "commander";
import { deleteCollectionResultSchema } from "@switchyard/shared";
import { confirmByTyping } from "../confirm.js";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";

interface DeleteOptions {
  yes?: boolean;
}

export function registerCollectionsDelete(collections: Command): void {
  collections
    .command("delete")
    .description("delete a collection and every chunk in it (DELETE /api/v1/collections/:name)")
    .argument("<name>", "collection")
    .option("-y, --yes", "don't ask for confirmation (required when stdin is not a terminal)")
    .action(action<DeleteOptions, [string]>(runDelete));
}

async function runDelete(ctx: CommandContext, opts: DeleteOptions, name: string): Promise<void> {
  if (!opts.yes) {
    const ok = await confirmByTyping(`This deletes collection ${name} and all its chunks. Type the collection name to confirm:`, name, ctx.signal, ctx.out.stderrAnsi);
    if (!ok) throw new CliError("not confirmed; nothing was deleted", EXIT.failure);
  }
  const out = await ctx.api.delete(deleteCollectionResultSchema, `/api/v1/collections/${encodeURIComponent(name)}`);
  if (ctx.json) ctx.out.data(out);
  else ctx.out.line(`collection ${out.name}: deleted`);
}
