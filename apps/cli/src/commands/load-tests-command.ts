import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";
import { formatNumber, formatTime } from "../format.js";
import { loadTestReportSchema, printLoadTestReport } from "../load-test-report.js";

const listAnswerSchema = z.looseObject({ items: z.array(loadTestReportSchema) });

export function registerLoadTests(program: Command): void {
  program
    .command("load-tests")
    .description("list recent load tests, or show one report (GET /api/v1/load-tests[/:id])")
    .argument("[id]", "a load test's id: print its report")
    // Ids may start with "-" (they are base-64): take such a word as the id, not as an option.
    .allowUnknownOption()
    .action(action<object, [string | undefined]>(runLoadTests));
}

async function runLoadTests(ctx: CommandContext, _opts: object, id: string | undefined): Promise<void> {
  if (id !== undefined) {
    const report = await ctx.api.get(loadTestReportSchema, `/api/v1/load-tests/${encodeURIComponent(id)}`);
    if (ctx.json) ctx.out.data(report);
    else printLoadTestReport(ctx.out, report);
    return;
  }
  const { items } = await ctx.api.get(listAnswerSchema, "/api/v1/load-tests");
  if (ctx.json) return ctx.out.data({ items });
  if (items.length === 0) return ctx.out.line("no load tests since the server started");
  ctx.out.table(
    [
      { header: "ID" },
      { header: "STATUS" },
      { header: "TYPE" },
      { header: "COUNT", align: "right" },
      { header: "COMPLETED", align: "right" },
      { header: "FAILED", align: "right" },
      { header: "PER_S", align: "right" },
      { header: "P50_MS", align: "right" },
      { header: "P99_MS", align: "right" },
      { header: "STARTED" },
    ],
    items.map((r) => [
      r.id,
      { text: r.status, style: ctx.out.style.status },
      r.spec.type,
      String(r.spec.count),
      String(r.completed),
      String(r.failed),
      formatNumber(r.throughputPerSec),
      r.latencyMs?.["p50"] !== undefined ? formatNumber(r.latencyMs["p50"]) : "-",
      r.latencyMs?.["p99"] !== undefined ? formatNumber(r.latencyMs["p99"]) : "-",
      formatTime(r.startedAt),
    ]),
  );
}
