import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";

/** One schedule as GET /api/v1/schedules answers it (loose: newer servers may add fields). */
export const scheduleAnswerSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  pool: z.string(),
  pattern: z.string().nullable(),
  every: z.number().nullable(),
  payload: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
  lastRun: z.object({ taskId: z.string(), status: z.string(), createdAt: z.string() }).nullable(),
});
export type ScheduleAnswer = z.infer<typeof scheduleAnswerSchema>;

/** "cron 0 3 * * * UTC" or "every 15m". */
export function timingOf(s: Pick<ScheduleAnswer, "pattern" | "every">): string {
  if (s.pattern !== null) return `cron ${s.pattern} UTC`;
  const ms = s.every ?? 0;
  if (ms % 3_600_000 === 0) return `every ${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `every ${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `every ${ms / 1_000}s`;
  return `every ${ms}ms`;
}

/** `schedules` lists; `schedules set` and `schedules run` (their own files) change or run one. */
export function registerSchedules(program: Command): Command {
  return program
    .command("schedules")
    .description("list the maintenance schedules with their timing, payload, next and newest run (GET /api/v1/schedules); subcommands change or run one")
    .action(action(runSchedules));
}

async function runSchedules(ctx: CommandContext): Promise<void> {
  const { schedules } = await ctx.api.get(z.object({ schedules: z.array(scheduleAnswerSchema) }), "/api/v1/schedules");
  if (ctx.json) return ctx.out.data({ schedules });
  ctx.out.table(
    [{ header: "ID" }, { header: "TYPE" }, { header: "STATE" }, { header: "TIMING" }, { header: "NEXT_RUN" }, { header: "LAST_RUN" }, { header: "PAYLOAD" }],
    schedules.map((s) => [
      s.id,
      s.type,
      { text: s.enabled ? "enabled" : "disabled", style: ctx.out.style.status },
      timingOf(s),
      s.nextRunAt ?? "-",
      s.lastRun ? `${s.lastRun.status} ${s.lastRun.taskId}` : "-",
      JSON.stringify(s.payload),
    ]),
  );
}
