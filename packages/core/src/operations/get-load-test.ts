import { z } from "zod";
import { loadTestReportSchema, taskIdSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";

export const getLoadTest = defineOperation({
  name: "get-load-test",
  summary: "A load test's report, live while it runs",
  tag: "load tests",
  input: z.object({ id: taskIdSchema }).strict(),
  output: loadTestReportSchema,
  permission: "pools:read",
  sensitive: false,
  trpc: "loadTests.get",
  kind: "query",
  rest: { method: "get", path: "/load-tests/{id}", params: ["id"] },
  run: async (ctx, { id }) => ctx.loadTests.get(id),
});
