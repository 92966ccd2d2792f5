import { z } from "zod";
import { userViewSchema } from "@switchyard/shared";
import { defineOperation, needService, noInput } from "../operation.js";

export const listUsers = defineOperation({
  name: "list-users",
  summary: "Every person with an account",
  tag: "people",
  input: noInput,
  output: z.object({ users: z.array(userViewSchema) }),
  permission: "users:manage",
  sensitive: false,
  trpc: "users.list",
  kind: "query",
  rest: { method: "get", path: "/users" },
  run: async (ctx) => ({ users: await needService(ctx.identity, "identity").listUsers() }),
});
