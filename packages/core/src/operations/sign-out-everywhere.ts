import { z } from "zod";
import { ForbiddenError } from "@switchyard/shared";
import { callerOf, defineOperation, needService, noInput } from "../operation.js";

export const signOutEverywhere = defineOperation({
  name: "sign-out-everywhere",
  summary: "End every session of the signed-in person, on every device",
  description: "Open dashboards and live connections of those sessions are disconnected within a second.",
  tag: "session",
  input: noInput,
  output: z.object({ endedSessions: z.number().int().nonnegative() }),
  permission: "authenticated",
  sensitive: false,
  duringMfaEnrollment: true,
  trpc: "session.signOutEverywhere",
  kind: "mutation",
  rest: { method: "post", path: "/session/sign-out-everywhere" },
  run: async (ctx) => {
    const caller = callerOf(ctx);
    if (!caller.userId) throw new ForbiddenError("an automation token belongs to no person; revoke it instead");
    ctx.session?.clear();
    return { endedSessions: await needService(ctx.identity, "identity").signOutEverywhere(caller.userId) };
  },
});
