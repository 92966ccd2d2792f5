import type { Command } from "commander";

/** `tokens list|create|revoke`: API tokens (the secret is shown once, at creation). */
export function registerTokens(program: Command): Command {
  return program
    .command("tokens")
    .description("API tokens: list, create (the secret is shown once), revoke (GET/POST/DELETE /api/v1/tokens)");
}
