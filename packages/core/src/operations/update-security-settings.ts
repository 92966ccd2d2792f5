import { securitySettingsSchema } from "@switchyard/shared";
import { defineOperation, needService } from "../operation.js";

export const updateSecuritySettings = defineOperation({
  name: "update-security-settings",
  summary: "Require a second factor for every account (or stop requiring it)",
  description: "While required, a person without one can only enrol (and sign out) until they have.",
  tag: "people",
  input: securitySettingsSchema.strict(),
  output: securitySettingsSchema,
  permission: "users:manage",
  sensitive: true,
  trpc: "settings.updateSecurity",
  kind: "mutation",
  rest: { method: "put", path: "/settings/security" },
  auditTarget: (input) => `requireMfa→${input.requireMfa}`,
  run: (ctx, { requireMfa }) => needService(ctx.identity, "identity").setRequireMfa(requireMfa),
});
