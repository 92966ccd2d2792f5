import { Argument, Option, type Command } from "commander";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { intOption, jsonOption } from "../parse-options.js";
import { scheduleAnswerSchema, timingOf } from "./schedules-command.js";

interface SetOptions {
  cron?: string;
  every?: number;
  payload?: unknown;
  enable?: boolean;
  disable?: boolean;
}

export function registerSchedulesSet(schedules: Command): void {
  schedules
    .command("set")
    .description("change a schedule's cron pattern (UTC) or interval, its payload, or enable/disable it (operator; sensitive)")
    .addArgument(new Argument("<id>", "schedule id (see `switchyard schedules`)"))
    .option("--cron <pattern>", "cron pattern in UTC, e.g. '0 3 * * *' (5 fields, or 6 with seconds)")
    .addOption(new Option("--every <ms>", "milliseconds between runs (at least 1000)").argParser(intOption(1_000)).conflicts("cron"))
    .option("--payload <json>", "the task's payload as JSON, checked against its type's schema", jsonOption)
    .option("--enable", "install the schedule")
    .addOption(new Option("--disable", "remove the schedule, keeping its settings").conflicts("enable"))
    .addHelpText("after", "\nExample:\n  switchyard schedules set history-retention --cron '30 2 * * *' --payload '{\"olderThanDays\":14}'")
    .action(action<SetOptions, [string]>(runSet));
}

async function runSet(ctx: CommandContext, opts: SetOptions, id: string): Promise<void> {
  const patch: Record<string, unknown> = {};
  if (opts.cron !== undefined) patch["pattern"] = opts.cron;
  if (opts.every !== undefined) patch["every"] = opts.every;
  if (opts.payload !== undefined) patch["payload"] = opts.payload;
  if (opts.enable) patch["enabled"] = true;
  if (opts.disable) patch["enabled"] = false;
  if (Object.keys(patch).length === 0) throw new CliError("nothing to change: give --cron, --every, --payload, --enable or --disable", EXIT.usage);
  const s = await ctx.api.patch(scheduleAnswerSchema, `/api/v1/schedules/${encodeURIComponent(id)}`, patch);
  if (ctx.json) return ctx.out.data(s);
  ctx.out.line(`${s.id}: ${s.enabled ? "enabled" : "disabled"}, ${timingOf(s)}, next run ${s.nextRunAt ?? "-"}, payload ${JSON.stringify(s.payload)}`);
}
