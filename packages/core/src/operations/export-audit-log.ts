import { z } from "zod";
import { defineOperation, needService, noInput } from "../operation.js";

export const exportAuditLog = defineOperation({
  name: "export-audit-log",
  summary: "The whole audit log as JSON Lines: a header with the public key, the signed checkpoints, the entries",
  description:
    "Verify it anywhere with `node verify-export.mjs export.jsonl` (packages/audit/verify-export.mjs, no project imports); see the docs page.",
  tag: "audit",
  input: noInput,
  output: z.string().describe("JSON Lines"),
  permission: "audit:export",
  sensitive: true,
  trpc: "audit.export",
  kind: "query",
  rest: { method: "get", path: "/audit/export" },
  streamed: { contentType: "application/x-ndjson; charset=utf-8", filename: "switchyard-audit.jsonl" },
  // A stream, typed as the text it joins to (the REST layer streams it, tRPC joins it).
  run: async (ctx) => needService(ctx.audit, "audit log").exportLines() as unknown as string,
});
