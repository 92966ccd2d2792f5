import { z } from "zod";
import { clearFault as clear } from "@switchyard/queue";
import { faultNameSchema, faultStateSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";

export const clearFault = defineOperation({
  name: "clear-fault",
  summary: "Heal a diagnostic cause broken with set-fault",
  tag: "faults",
  input: z.object({ name: faultNameSchema }).strict(),
  output: faultStateSchema,
  permission: "faults:write",
  sensitive: true,
  trpc: "faults.clear",
  kind: "mutation",
  rest: { method: "delete", path: "/faults/{name}", params: ["name"] },
  run: async (ctx, { name }) => {
    await clear(ctx.platform.redis, ctx.platform.prefix, name);
    return { name, active: false };
  },
});
