import { Option, type Command } from "commander";
import { POOL_NAMES, PRIORITIES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { sleep } from "../interrupt.js";
import { loadTestReportSchema, printLoadTestReport, type LoadTestReport } from "../load-test-report.js";
import { intOption, jsonOption, listOption } from "../parse-options.js";
import { createProgress } from "../progress-display.js";

interface LoadTestOptions {
  count: number;
  type?: string;
  payload?: unknown;
  pool?: string;
  priorities?: string[];
  rate?: number;
  timeoutMs?: number;
  pollMs: number;
}

export function registerLoadTest(program: Command): void {
  program
    .command("load-test")
    .description("run a bounded load test on the server and print its latency percentiles (POST /api/v1/load-tests)")
    .option("--count <n>", "tasks to submit (1-100000)", intOption(1, 100_000), 100)
    .option("--type <type>", "task type (server default diagnostic.noop)")
    .option("--payload <json>", "payload for every task, as JSON", jsonOption)
    .addOption(new Option("--pool <name>", "pool (diagnostic types only)").choices(POOL_NAMES))
    .option("--priorities <list>", `priorities, taken round-robin (comma-separated: ${PRIORITIES.join(",")})`, listOption(PRIORITIES))
    .option("--rate <n>", "submissions per second (1-50000, server default 1000)", intOption(1, 50_000))
    .option("--timeout-ms <ms>", "limit for the whole run (100-600000, server default 120000)", intOption(100, 600_000))
    .option("--poll-ms <ms>", "how often to read the report", intOption(100, 60_000), 500)
    .addHelpText(
      "after",
      `
Polls GET /api/v1/load-tests/:id with a progress bar, then prints the report and the latency
percentile table. Exit 0 when the run completed, 1 when it failed or timed out. One load test
runs at a time (409 otherwise). Ctrl-C stops watching (exit 130); the run goes on on the server
(see \`switchyard load-tests ID\`). With --json stdout is the final report.`,
    )
    .action(action<LoadTestOptions>(runLoadTest));
}

async function runLoadTest(ctx: CommandContext, opts: LoadTestOptions): Promise<number> {
  const spec = {
    count: opts.count,
    ...(opts.type ? { type: opts.type } : {}),
    ...(opts.payload !== undefined ? { payload: opts.payload } : {}),
    ...(opts.pool ? { pool: opts.pool } : {}),
    ...(opts.priorities ? { priorities: opts.priorities } : {}),
    ...(opts.rate !== undefined ? { ratePerSecond: opts.rate } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  };
  let report = await ctx.api.post(loadTestReportSchema, "/api/v1/load-tests", spec);
  ctx.out.note(`load test ${report.id} started: ${report.spec.count} × ${report.spec.type} in pool ${report.spec.pool}`);
  const bar = createProgress(ctx.out, { label: "load test", total: report.spec.count, show: "count" });
  const show = (r: LoadTestReport): void =>
    bar.update(r.completed + r.failed, { status: `finished (${r.submitted} submitted, ${r.failed} failed)` });
  try {
    show(report);
    while (report.status === "running") {
      await sleep(opts.pollMs, ctx.signal);
      report = await ctx.api.get(loadTestReportSchema, `/api/v1/load-tests/${encodeURIComponent(report.id)}`);
      show(report);
    }
  } catch (err) {
    if (ctx.signal.aborted) {
      bar.stop();
      ctx.out.note(`stopped watching; load test ${report.id} goes on (see: switchyard load-tests ${report.id})`);
    }
    throw err;
  } finally {
    bar.stop();
  }
  if (ctx.json) ctx.out.data(report);
  else printLoadTestReport(ctx.out, report);
  return report.status === "completed" ? EXIT.ok : EXIT.failure;
}
