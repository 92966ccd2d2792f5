import type { Command } from "commander";

/** `security show|require-mfa`: account security settings (admin). */
export function registerSecurity(program: Command): Command {
  return program.command("security").description("account security settings: show, require MFA for everyone (admin; /api/v1/settings/security)");
}
