export { createDatabase } from "./create-database.js";
export { migrate } from "./migrate.js";
export type { Database, DatabaseKind, MigrateResult } from "./database.js";
export { MAX_TASK_IDS, type TaskFinishState, type TaskHistoryRepo, type TaskListQuery, type TaskPage } from "./task-history-repo.js";
export type { TokenRecord, TokenRepo } from "./token-repo.js";
export { FINISHED_STATUSES, TASK_STATUSES, type AttemptRecord, type TaskProgress, type TaskRow } from "./task-row.js";
export { TOKEN_ROLES, isTokenRole, type TokenRole } from "@switchyard/shared";
export { compactUuidV7, uuidV7 } from "./uuid-v7.js";
