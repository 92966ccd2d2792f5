import type { Command } from "commander";
import { auditVerifyResultSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { formatTime } from "../format.js";

export function registerAuditVerify(audit: Command): void {
  audit
    .command("verify")
    .description("recompute the hash chain and Merkle tree against the signed checkpoints (POST /api/v1/audit/verify)")
    .addHelpText(
      "after",
      `
Exit code 0 when the whole log verifies; ${EXIT.integrity} when an entry or checkpoint does not (it is named:
any modified, deleted, inserted or reordered row, or a checkpoint whose signature fails).
With --json: the server's answer {ok, checkedEntries, lastCheckpoint, firstBad?}, whatever the outcome.
To check an export away from the platform: \`switchyard audit export -o FILE\`, then
\`node packages/audit/verify-export.mjs FILE\` (see packages/audit/VERIFYING.md).`,
    )
    .action(action(runVerify));
}

async function runVerify(ctx: CommandContext): Promise<number> {
  const r = await ctx.api.post(auditVerifyResultSchema, "/api/v1/audit/verify");
  const bad = r.firstBad ? `first bad ${r.firstBad.kind}: ${r.firstBad.id}${r.firstBad.seq !== null ? ` (seq ${r.firstBad.seq})` : ""}: ${r.firstBad.reason}` : null;
  if (ctx.json) {
    ctx.out.data(r);
    // stdout stays one JSON document; the bad entry is named on stderr too.
    if (!r.ok) ctx.out.note(`audit log does not verify${bad ? `; ${bad}` : ""}`);
    return r.ok ? EXIT.ok : EXIT.integrity;
  }
  const s = ctx.out.style;
  const cp = r.lastCheckpoint
    ? `last signed checkpoint: ${r.lastCheckpoint.size} entries, root ${r.lastCheckpoint.rootHash.slice(0, 16)}…, ${formatTime(r.lastCheckpoint.time)}`
    : "no signed checkpoint yet";
  if (r.ok) {
    ctx.out.line(`audit log: ${s.status("ok")}, ${r.checkedEntries} entries verified; ${cp}`);
    return EXIT.ok;
  }
  ctx.out.line(`audit log: ${s.status("failed")}, it does not verify (${r.checkedEntries} entries checked); ${cp}`);
  if (bad) ctx.out.line(bad);
  return EXIT.integrity;
}
