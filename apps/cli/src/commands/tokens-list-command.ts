import type { Command } from "commander";
import { z } from "zod";
import { tokenViewSchema, type TokenView } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { formatTime } from "../format.js";

const tokensAnswerSchema = z.object({ tokens: z.array(tokenViewSchema) });

interface ListOptions {
  all?: boolean;
}

export function registerTokensList(tokens: Command): void {
  tokens
    .command("list")
    .description("your API tokens: prefix, role, scopes, last use, expiry, state; never the secret (GET /api/v1/tokens)")
    .option("--all", "everyone's tokens (needs tokens:manage, i.e. admin)")
    .addHelpText("after", "\nWith --json: {\"tokens\":[...]}.")
    .action(action<ListOptions>(runList));
}

/** active, revoked or expired, as a word (colour only adds to it). */
export function tokenState(t: Pick<TokenView, "revokedAt" | "expiresAt">, now = Date.now()): "active" | "revoked" | "expired" {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return "expired";
  return "active";
}

async function runList(ctx: CommandContext, opts: ListOptions): Promise<void> {
  const { tokens } = await ctx.api.get(tokensAnswerSchema, "/api/v1/tokens", opts.all ? { all: "true" } : undefined);
  if (ctx.json) return ctx.out.data({ tokens });
  if (tokens.length === 0) return ctx.out.line(opts.all ? "no tokens" : "no tokens of yours (--all lists everyone's)");
  ctx.out.table(
    [
      { header: "ID" },
      { header: "NAME", maxWidth: 40 },
      { header: "ROLE" },
      { header: "PREFIX" },
      { header: "SCOPES" },
      { header: "STATE" },
      { header: "LAST_USED" },
      { header: "EXPIRES" },
      { header: "CREATED" },
    ],
    tokens.map((t) => [
      t.id,
      t.name,
      t.role,
      t.prefix,
      t.scopes.length > 0 ? t.scopes.join(",") : "-",
      { text: tokenState(t), style: ctx.out.style.status },
      t.lastUsedAt ? formatTime(t.lastUsedAt) : "never",
      t.expiresAt ? formatTime(t.expiresAt) : "never",
      formatTime(t.createdAt),
    ]),
  );
}
