import type { Command } from "commander";

/** `users list|create|update|reset-mfa`: people's accounts (admin). */
export function registerUsers(program: Command): Command {
  return program.command("users").description("people's accounts: list, create, update (role, name, disable), reset MFA (admin; /api/v1/users)");
}
