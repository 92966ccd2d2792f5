import type { Command } from "commander";
import { auditEntrySchema } from "@switchyard/shared";
import { actorText } from "../audit-display.js";
import { action, type CommandContext } from "../context.js";
import { formatTime } from "../format.js";

export function registerAuditShow(audit: Command): void {
  audit
    .command("show")
    .description("one audit entry with its redacted input and hashes (GET /api/v1/audit/entries/:id)")
    .argument("<id>", "entry id (from `audit list`)")
    .action(action<object, [string]>(runShow));
}

async function runShow(ctx: CommandContext, _opts: object, id: string): Promise<void> {
  const e = await ctx.api.get(auditEntrySchema, `/api/v1/audit/entries/${encodeURIComponent(id)}`);
  if (ctx.json) return ctx.out.data(e);
  ctx.out.fields([
    ["id", e.id],
    ["seq", String(e.seq)],
    ["time", formatTime(e.time)],
    ["actor", actorText(e.actor)],
    ["action", e.action],
    ["target", e.target ?? "-"],
    ["outcome", ctx.out.style.status(e.outcome)],
    ["reason", e.reason ?? "-"],
    ["client", e.clientAddress ?? "-"],
    ["user agent", e.userAgent ?? "-"],
    ["request id", e.requestId ?? "-"],
    ["input digest", e.inputDigest],
    ["prev hash", e.prevHash],
    ["hash", e.hash],
  ]);
  ctx.out.line("input (secrets redacted):");
  for (const line of JSON.stringify(e.input, null, 2).split("\n")) ctx.out.line(`  ${line}`);
}
