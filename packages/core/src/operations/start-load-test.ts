import { loadTestReportSchema, loadTestSpecSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";

export const startLoadTest = defineOperation({
  name: "start-load-test",
  summary: "Start a load test in the web process (one at a time)",
  description: "Submits `count` tasks at `ratePerSecond` and measures end-to-end latency; poll the report at the Location header. Another run going: 409.",
  tag: "load tests",
  input: loadTestSpecSchema,
  output: loadTestReportSchema,
  permission: "loadtests:run",
  sensitive: false,
  trpc: "loadTests.start",
  kind: "mutation",
  rest: { method: "post", path: "/load-tests", statuses: [202] },
  responseHeaders: (report): Record<string, string> => ({ location: `/api/v1/load-tests/${report.id}` }),
  example: { input: { count: 1000, ratePerSecond: 500, type: "diagnostic.noop" } },
  run: async (ctx, spec) => ctx.loadTests.start(spec),
});
