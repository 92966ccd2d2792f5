import { z } from "zod";
import { passkeyViewSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService, noInput } from "../operation.js";

export const listPasskeys = defineOperation({
  name: "list-passkeys",
  summary: "Your passkeys (WebAuthn second factors)",
  tag: "mfa",
  input: noInput,
  output: z.object({ passkeys: z.array(passkeyViewSchema) }),
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  duringMfaEnrollment: true,
  trpc: "mfa.listPasskeys",
  kind: "query",
  rest: { method: "get", path: "/me/passkeys" },
  run: (ctx) => needService(ctx.identity, "identity").listPasskeys(callerOf(ctx)),
});
