import type { Command } from "commander";

/** `audit list|show|verify|export|public-key`: the tamper-evident audit log (auditor, admin). */
export function registerAudit(program: Command): Command {
  return program
    .command("audit")
    .description("the tamper-evident audit log: list, show, verify, export, public key (auditor or admin; /api/v1/audit)");
}
