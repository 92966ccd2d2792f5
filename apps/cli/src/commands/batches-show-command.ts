import type { Command } from "commander";
import { batchViewSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { intOption } from "../parse-options.js";

interface ShowOptions {
  offset?: number;
  limit?: number;
}

export function registerBatchesShow(batches: Command): void {
  batches
    .command("show")
    .description("one batch: status, children by status, failures, and a page of results (GET /api/v1/batches/:id)")
    .argument("<id>", "batch id (as `batches scrape` or `batches embed` printed it)")
    .option("--offset <n>", "results from this child on", intOption(0))
    .option("--limit <n>", "results per page (0-200; 0: counts and failures only)", intOption(0, 200))
    .allowUnknownOption()
    .action(action<ShowOptions, [string]>(runShow));
}

async function runShow(ctx: CommandContext, opts: ShowOptions, id: string): Promise<void> {
  const query = new URLSearchParams();
  if (opts.offset !== undefined) query.set("offset", String(opts.offset));
  if (opts.limit !== undefined) query.set("limit", String(opts.limit));
  const b = await ctx.api.get(batchViewSchema, `/api/v1/batches/${encodeURIComponent(id)}${query.size > 0 ? `?${query.toString()}` : ""}`);
  if (ctx.json) return ctx.out.data(b);
  const counts = Object.entries(b.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(", ");
  ctx.out.fields([
    ["batch", `${b.id} (${b.kind})`],
    ["status", ctx.out.style.status(b.status)],
    ["priority", b.priority],
    ["children", `${b.done}/${b.total} ended${counts ? `: ${counts}` : ""}`],
    ["progress", b.progress.message ?? `${b.progress.percent}%`],
    ["created", b.createdAt],
    ["finished", b.finishedAt ?? "-"],
    ...(b.error ? ([["error", b.error]] as Array<[string, string]>) : []),
  ]);
  if (b.failures.length > 0) {
    ctx.out.line();
    ctx.out.table(
      [{ header: "#" }, { header: "TASK" }, { header: "INPUT" }, { header: "ERROR" }],
      b.failures.map((f) => [String(f.index), f.taskId, f.input, (f.error ?? "").slice(0, 120)]),
    );
    if (b.failuresTruncated) ctx.out.line("(more failures: list them with `switchyard list --status dead`)");
  }
  if (b.results.length > 0) {
    ctx.out.line();
    ctx.out.table(
      [{ header: "#" }, { header: "TASK" }, { header: "RESULT" }],
      b.results.map((r) => [String(r.index), r.taskId, JSON.stringify(r.result).slice(0, 100)]),
    );
  }
  if (b.page.nextOffset !== null && b.page.limit > 0) ctx.out.line(`more results: switchyard batches show ${b.id} --offset ${b.page.nextOffset}`);
}
