/**
 * Which API operations each CLI command uses, by the names of the lead's operation registry.
 * Keys are command paths as typed ("pools pause"); a test keeps them equal to the command tree.
 */
export const API_OPERATIONS = [
  "get-health",
  "submit-task",
  "submit-tasks",
  "list-tasks",
  "get-task",
  "cancel-task",
  "retry-task",
  "list-dead-letters",
  "redrive-dead-letters",
  "list-pools",
  "update-pool",
  "reset-pool",
  "list-workers",
  "list-circuit-breakers",
  "start-load-test",
  "list-load-tests",
  "get-load-test",
  "set-fault",
  "clear-fault",
  "list-collections",
  "get-collection",
  "delete-collection",
  "add-documents",
  "get-document",
  "delete-document",
  "query-rag",
] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

export const COMMAND_OPERATIONS = {
  health: ["get-health"],
  // --wait also reads the task (GET /tasks/:id) besides its live events.
  submit: ["submit-task", "get-task"],
  "submit-bulk": ["submit-tasks"],
  get: ["get-task"],
  list: ["list-tasks"],
  cancel: ["cancel-task"],
  retry: ["retry-task"],
  // socket.io only: no REST operation.
  tail: [],
  pools: ["list-pools"],
  "pools pause": ["update-pool"],
  "pools resume": ["update-pool"],
  "pools drain": ["update-pool"],
  "pools concurrency": ["update-pool"],
  "pools reset": ["reset-pool"],
  "dead-letters": ["list-dead-letters"],
  "dead-letters redrive": ["redrive-dead-letters"],
  workers: ["list-workers"],
  breakers: ["list-circuit-breakers"],
  "load-test": ["start-load-test", "get-load-test"],
  "load-tests": ["list-load-tests", "get-load-test"],
  faults: [],
  "faults set": ["set-fault"],
  "faults clear": ["clear-fault"],
  collections: ["list-collections"],
  "collections show": ["get-collection"],
  "collections add": ["add-documents"],
  "collections document": ["get-document"],
  "collections remove-document": ["delete-document"],
  "collections delete": ["delete-collection"],
  ask: ["query-rag"],
  completion: [],
} as const satisfies Record<string, readonly ApiOperation[]>;

export type CommandPath = keyof typeof COMMAND_OPERATIONS;
