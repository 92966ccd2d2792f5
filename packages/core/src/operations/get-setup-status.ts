import { z } from "zod";
import { defineOperation, needService, noInput } from "../operation.js";

export const getSetupStatus = defineOperation({
  name: "get-setup-status",
  summary: "Whether the first administrator still has to be created",
  description: "The dashboard offers \"create the first administrator\" while this is true.",
  tag: "people",
  input: noInput,
  output: z.object({ needsFirstAdmin: z.boolean() }),
  permission: "public",
  sensitive: false,
  sessionOnly: true,
  trpc: "setup.status",
  kind: "query",
  rest: { method: "get", path: "/setup" },
  run: async (ctx) => ({ needsFirstAdmin: await needService(ctx.identity, "identity").needsFirstAdmin() }),
});
