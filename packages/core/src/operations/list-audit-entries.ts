import { auditListInputSchema, auditPageSchema } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const listAuditEntries = defineOperation({
  name: "list-audit-entries",
  summary: "Audit log entries, newest first, filtered by actor, action, target, outcome and time",
  tag: "audit",
  input: auditListInputSchema.optional(),
  output: auditPageSchema,
  permission: "audit:read",
  sensitive: false,
  trpc: "audit.list",
  kind: "query",
  rest: { method: "get", path: "/audit" },
  run: (ctx, input) => {
    const q = input ?? { limit: 50 };
    return needService(ctx.audit, "audit log").list({
      limit: q.limit,
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.target ? { target: q.target } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
  },
});
