import { z } from "zod";
import { setFault as set } from "@switchyard/queue";
import { faultNameSchema, faultStateSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";

export const setFault = defineOperation({
  name: "set-fault",
  summary: "Break a diagnostic cause on purpose (for drills), for an hour at most",
  tag: "faults",
  input: z.object({ name: faultNameSchema }).strict(),
  output: faultStateSchema,
  permission: "faults:write",
  sensitive: true,
  trpc: "faults.set",
  kind: "mutation",
  rest: { method: "put", path: "/faults/{name}", params: ["name"] },
  run: async (ctx, { name }) => {
    await set(ctx.platform.redis, ctx.platform.prefix, name);
    return { name, active: true };
  },
});
