import { z } from "zod";
import { loadTestReportSchema } from "@switchyard/shared";
import { defineOperation, noInput } from "../operation.js";

export const listLoadTests = defineOperation({
  name: "list-load-tests",
  summary: "The kept load-test reports, newest first",
  tag: "load tests",
  input: noInput,
  output: z.object({ items: z.array(loadTestReportSchema) }),
  permission: "pools:read",
  sensitive: false,
  trpc: "loadTests.list",
  kind: "query",
  rest: { method: "get", path: "/load-tests" },
  run: async (ctx) => ({ items: ctx.loadTests.list() }),
});
