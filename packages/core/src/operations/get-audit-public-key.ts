import { auditPublicKeySchema } from "@switchyard/shared";
import { defineOperation, needService, noInput } from "../operation.js";

export const getAuditPublicKey = defineOperation({
  name: "get-audit-public-key",
  summary: "The Ed25519 public key that signs the audit log's checkpoints",
  description: "Public, so anyone holding an export can check it against the key the platform publishes.",
  tag: "audit",
  input: noInput,
  output: auditPublicKeySchema,
  permission: "public",
  sensitive: false,
  trpc: "audit.publicKey",
  kind: "query",
  rest: { method: "get", path: "/audit/public-key" },
  run: async (ctx) => ({ algorithm: "Ed25519" as const, ...needService(ctx.audit, "audit log").publicKey() }),
});
