import { z } from "zod";
import { auditEntrySchema, NotFoundError } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const getAuditEntry = defineOperation({
  name: "get-audit-entry",
  summary: "One audit entry with its redacted input and hashes",
  tag: "audit",
  input: z.object({ id: z.string().min(1).max(64) }).strict(),
  output: auditEntrySchema,
  permission: "audit:read",
  sensitive: false,
  trpc: "audit.get",
  kind: "query",
  rest: { method: "get", path: "/audit/entries/{id}", params: ["id"] },
  run: async (ctx, { id }) => {
    const entry = await needService(ctx.audit, "audit log").get(id);
    if (!entry) throw new NotFoundError(`audit entry ${id}`);
    return entry;
  },
});
