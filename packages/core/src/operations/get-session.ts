import { ForbiddenError, sessionViewSchema } from "@switchyard/shared";
import { callerOf, defineOperation, needService, noInput } from "../operation.js";

export const getSession = defineOperation({
  name: "get-session",
  summary: "The signed-in person, their permissions and the CSRF token for writes",
  tag: "session",
  input: noInput,
  output: sessionViewSchema,
  permission: "authenticated",
  sensitive: false,
  sessionOnly: true,
  duringMfaEnrollment: true,
  trpc: "session.get",
  kind: "query",
  rest: { method: "get", path: "/session" },
  run: async (ctx) => {
    const caller = callerOf(ctx);
    needService(ctx.identity, "identity");
    const view = ctx.session?.currentView ?? null;
    if (caller.kind !== "session" || !view) throw new ForbiddenError("this is for dashboard sessions; a token has none");
    return view;
  },
});
