import { z } from "zod";
import { callerOf, defineOperation, needService, noInput } from "../operation.js";

export const signOut = defineOperation({
  name: "sign-out",
  summary: "End this session (clears the cookie)",
  tag: "session",
  input: noInput,
  output: z.object({ signedOut: z.boolean() }),
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  duringMfaEnrollment: true,
  trpc: "session.signOut",
  kind: "mutation",
  rest: { method: "delete", path: "/session" },
  run: async (ctx) => {
    const caller = callerOf(ctx);
    ctx.session?.clear();
    if (caller.kind !== "session" || !caller.sessionId) return { signedOut: false };
    await needService(ctx.identity, "identity").signOut(caller.sessionId);
    return { signedOut: true };
  },
});
