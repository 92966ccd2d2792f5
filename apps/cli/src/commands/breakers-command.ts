import type { Command } from "commander";
import { breakerSnapshotSchema } from "@switchyard/shared";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";
import { formatTime } from "../format.js";
import type { Cell } from "../table.js";

const breakersAnswerSchema = z.looseObject({
  workers: z.array(
    z.looseObject({ workerId: z.string(), host: z.string(), pid: z.number(), lastSeen: z.number(), breakers: z.array(z.unknown()) }),
  ),
});

export function registerBreakers(program: Command): void {
  program
    .command("breakers")
    .description("every live worker's circuit breakers (GET /api/v1/circuit-breakers)")
    .action(action(runBreakers));
}

async function runBreakers(ctx: CommandContext): Promise<void> {
  const answer = await ctx.api.get(breakersAnswerSchema, "/api/v1/circuit-breakers");
  if (ctx.json) return ctx.out.data(answer);
  const rows: Cell[][] = [];
  for (const w of answer.workers) {
    for (const raw of w.breakers) {
      const b = breakerSnapshotSchema.safeParse(raw);
      if (!b.success) {
        rows.push([w.workerId, "?", "unknown", "", "", "", "", "(a breaker this CLI version cannot read)"]);
        continue;
      }
      const s = b.data;
      rows.push([
        w.workerId,
        s.name,
        { text: s.state, style: ctx.out.style.status },
        String(s.consecutiveFailures),
        `${s.successes}/${s.failures}`,
        String(s.rejections),
        s.state === "closed" ? "-" : formatTime(s.halfOpenAt),
        s.lastError ?? "",
      ]);
    }
  }
  if (rows.length === 0) return ctx.out.line("no live workers reported breakers");
  ctx.out.table(
    [
      { header: "WORKER" },
      { header: "BREAKER" },
      { header: "STATE" },
      { header: "CONSEC_FAIL", align: "right" },
      { header: "OK/FAIL", align: "right" },
      { header: "REJECTED", align: "right" },
      { header: "HALF_OPEN_AT" },
      { header: "LAST_ERROR", maxWidth: 60 },
    ],
    rows,
  );
}
