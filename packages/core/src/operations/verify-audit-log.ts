import { auditVerifyResultSchema } from "@switchyard/shared";
import { defineOperation, needService, noInput } from "../operation.js";

export const verifyAuditLog = defineOperation({
  name: "verify-audit-log",
  summary: "Recompute the chain and the Merkle tree against the signed checkpoints",
  description:
    "Names the first bad entry for any modified, deleted, inserted or reordered row, and any checkpoint whose signature fails.",
  tag: "audit",
  input: noInput,
  output: auditVerifyResultSchema,
  permission: "audit:verify",
  sensitive: false,
  audit: true,
  trpc: "audit.verify",
  kind: "mutation",
  rest: { method: "post", path: "/audit/verify" },
  run: (ctx) => needService(ctx.audit, "audit log").verify(),
});
