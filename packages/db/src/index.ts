export { createDatabase } from "./create-database.js";
export { migrate } from "./migrate.js";
export type { Database, DatabaseKind, MigrateResult } from "./database.js";
export type { TaskHistoryRepo, TaskListQuery, TaskPage } from "./task-history-repo.js";
export type { TokenRecord, TokenRepo } from "./token-repo.js";
export { FINISHED_STATUSES, type TaskProgress, type TaskRow } from "./task-row.js";
export { TOKEN_ROLES, isTokenRole, type TokenRole } from "./token-roles.js";
