import { circuitBreakersSchema } from "@switchyard/shared";
import { defineOperation, noInput } from "../operation.js";
import { listCircuitBreakers as list } from "../pools/breaker-status.js";

export const listCircuitBreakers = defineOperation({
  name: "list-circuit-breakers",
  summary: "Every live worker's circuit breakers, as its last heartbeat reported them",
  tag: "workers",
  input: noInput,
  output: circuitBreakersSchema,
  permission: "pools:read",
  sensitive: false,
  trpc: "workers.breakers",
  kind: "query",
  rest: { method: "get", path: "/circuit-breakers" },
  run: (ctx) => list(ctx.platform),
});
