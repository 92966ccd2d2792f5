/**
 * Which API operations each CLI command uses, by the names of the lead's operation registry.
 * Keys are command paths as typed ("pools pause"); a test keeps them equal to the command tree.
 * API_OPERATIONS is every operation of the registry (a test keeps it equal), so a new one cannot
 * be forgotten: it needs a command, or a place in SESSION_ONLY_OPERATIONS.
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
  "get-setup-status",
  "create-first-admin",
  "sign-in",
  "get-session",
  "sign-out",
  "sign-out-everywhere",
  "begin-totp-enrollment",
  "confirm-totp-enrollment",
  "verify-second-factor",
  "list-users",
  "create-user",
  "update-user",
  "reset-user-mfa",
  "get-security-settings",
  "update-security-settings",
  "create-token",
  "list-tokens",
  "revoke-token",
  "list-audit-entries",
  "get-audit-entry",
  "verify-audit-log",
  "export-audit-log",
  "get-audit-public-key",
  "bulk-task-action",
  "get-gpu-runner",
  "get-task-stats",
  "list-schedules",
  "update-schedule",
  "run-schedule",
] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

/**
 * Session only (`sessionOnly: true` in the registry): they need the dashboard's session cookie
 * (sign-in, first start, second-factor enrolment and step-up), so the CLI, which speaks with a
 * token, has no command for them. A test keeps this list equal to the registry's flag.
 */
export const SESSION_ONLY_OPERATIONS = [
  "get-setup-status",
  "create-first-admin",
  "sign-in",
  "get-session",
  "sign-out",
  "begin-totp-enrollment",
  "confirm-totp-enrollment",
  "verify-second-factor",
] as const satisfies readonly ApiOperation[];
export type SessionOnlyOperation = (typeof SESSION_ONLY_OPERATIONS)[number];
/** The operations the CLI must have a command for. */
export type CliOperation = Exclude<ApiOperation, SessionOnlyOperation>;

export const COMMAND_OPERATIONS = {
  health: ["get-health"],
  // --wait also reads the task (GET /tasks/:id) besides its live events.
  submit: ["submit-task", "get-task"],
  "submit-bulk": ["submit-tasks"],
  get: ["get-task"],
  list: ["list-tasks"],
  cancel: ["cancel-task"],
  retry: ["retry-task"],
  // Unless --dry-run or --yes: a dry run first, to say how many the confirmation is about.
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
  gpu: ["get-gpu-runner"],
  stats: ["get-task-stats"],
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
  // Groups: `tokens`, `users`, `security`, `audit` only print their help.
  tokens: [],
  "tokens list": ["list-tokens"],
  "tokens create": ["create-token"],
  "tokens revoke": ["revoke-token"],
  users: [],
  "users list": ["list-users"],
  "users create": ["create-user"],
  "users update": ["update-user"],
  "users reset-mfa": ["reset-user-mfa"],
  security: [],
  "security show": ["get-security-settings"],
  "security require-mfa": ["update-security-settings"],
  "sign-out-everywhere": ["sign-out-everywhere"],
  audit: [],
  "audit list": ["list-audit-entries"],
  "audit show": ["get-audit-entry"],
  "audit verify": ["verify-audit-log"],
  "audit export": ["export-audit-log"],
  "audit public-key": ["get-audit-public-key"],
  // `tasks` only groups task commands and prints its help.
  tasks: [],
  "tasks bulk": ["bulk-task-action"],
  schedules: ["list-schedules"],
  "schedules set": ["update-schedule"],
  "schedules run": ["run-schedule"],
  completion: [],
} as const satisfies Record<string, readonly CliOperation[]>;

export type CommandPath = keyof typeof COMMAND_OPERATIONS;
