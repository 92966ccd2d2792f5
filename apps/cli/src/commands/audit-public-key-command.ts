import type { Command } from "commander";
import { auditPublicKeySchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerAuditPublicKey(audit: Command): void {
  audit
    .command("public-key")
    .description("the Ed25519 key that signs the audit log's checkpoints (GET /api/v1/audit/public-key; no token needed)")
    .option("--pem", "print only the PEM (e.g. > audit-key.pem, for verify-export.mjs --public-key)")
    .action(action<{ pem?: boolean }>(runPublicKey));
}

async function runPublicKey(ctx: CommandContext, opts: { pem?: boolean }): Promise<void> {
  const key = await ctx.api.get(auditPublicKeySchema, "/api/v1/audit/public-key");
  if (ctx.json) return ctx.out.data(key);
  const pem = key.pem.endsWith("\n") ? key.pem.slice(0, -1) : key.pem;
  if (opts.pem) return ctx.out.line(pem);
  ctx.out.fields([
    ["algorithm", key.algorithm],
    ["name", key.name],
    ["key id", key.keyId],
    ["base64", key.base64],
  ]);
  ctx.out.line(pem);
}
