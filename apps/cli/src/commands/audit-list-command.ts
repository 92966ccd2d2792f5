import { Option, type Command } from "commander";
import { AUDIT_OUTCOME_VALUES, auditPageSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { formatTime } from "../format.js";
import { intOption, isoTimeOption } from "../parse-options.js";
import { actorText } from "../audit-display.js";

interface ListOptions {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export function registerAuditList(audit: Command): void {
  audit
    .command("list")
    .description("audit entries, newest first, filtered (GET /api/v1/audit)")
    .option("--actor <who>", "actor id or name (exact)")
    .option("--action <name>", "operation or security event, e.g. create-token, sign-in")
    .option("--target <text>", "part of the target, e.g. a token id or a pool name")
    .addOption(new Option("--outcome <outcome>", "only this outcome").choices(AUDIT_OUTCOME_VALUES))
    .option("--from <time>", "at or after this time (ISO with a zone, or a date)", isoTimeOption)
    .option("--to <time>", "before this time (ISO with a zone, or a date)", isoTimeOption)
    .option("--limit <n>", "entries per page (1-200, server default 50)", intOption(1, 200))
    .option("--cursor <cursor>", "continue from a previous page")
    .addHelpText("after", "\nWith --json: {\"entries\":[...],\"nextCursor\":...}. `audit show ID` prints one entry with its redacted input.")
    .action(action<ListOptions>(runList));
}

async function runList(ctx: CommandContext, opts: ListOptions): Promise<void> {
  const page = await ctx.api.get(auditPageSchema, "/api/v1/audit", {
    actor: opts.actor,
    action: opts.action,
    target: opts.target,
    outcome: opts.outcome,
    from: opts.from,
    to: opts.to,
    limit: opts.limit,
    cursor: opts.cursor,
  });
  if (ctx.json) return ctx.out.data(page);
  if (page.entries.length === 0) ctx.out.line("no audit entries");
  else
    ctx.out.table(
      [
        { header: "SEQ", align: "right" },
        { header: "TIME" },
        { header: "ACTOR", maxWidth: 40 },
        { header: "ACTION" },
        { header: "TARGET", maxWidth: 60 },
        { header: "OUTCOME" },
        { header: "ID" },
      ],
      page.entries.map((e) => [
        String(e.seq),
        formatTime(e.time),
        actorText(e.actor),
        e.action,
        e.target ?? "-",
        { text: e.outcome, style: ctx.out.style.status },
        e.id,
      ]),
    );
  if (page.nextCursor) ctx.out.note(`more: switchyard audit list --cursor ${page.nextCursor} (with the same filters)`);
}
