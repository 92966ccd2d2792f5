import { createTrpcRouter } from "@switchyard/api";
import { operations } from "@switchyard/core";

/** The generated router's procedures as "group.name" → kind (query/mutation), read from tRPC's own definition. */
export function createTrpcRouterForTests(): Record<string, string> {
  const router = createTrpcRouter(operations);
  const procedures = router._def.procedures as unknown as Record<string, { _def: { type: string } }>;
  return Object.fromEntries(Object.entries(procedures).map(([path, proc]) => [path, proc._def.type]));
}
