import { securitySettingsSchema } from "@switchyard/shared";
import { defineOperation, needService, noInput } from "../operation.js";

export const getSecuritySettings = defineOperation({
  name: "get-security-settings",
  summary: "Account security settings (whether MFA is required for everyone)",
  tag: "people",
  input: noInput,
  output: securitySettingsSchema,
  permission: "users:manage",
  sensitive: false,
  trpc: "settings.getSecurity",
  kind: "query",
  rest: { method: "get", path: "/settings/security" },
  run: async (ctx) => ({ requireMfa: await needService(ctx.identity, "identity").requireMfa() }),
});
