import type { DbClient } from "./prisma-client.js";
import type { SqlDialect } from "./sql-dialect.js";
import type { TaskStatsBucket, TaskStatsQuery, TaskStatsRepo } from "./task-stats-repo.js";
import { taskStatsBucket, taskStatsSql, type TaskStatsSqlRow } from "./task-stats-sql.js";

export class PrismaTaskStatsRepo implements TaskStatsRepo {
  constructor(
    private readonly client: DbClient,
    private readonly dialect: SqlDialect,
  ) {}

  async perMinute(query: TaskStatsQuery): Promise<TaskStatsBucket[]> {
    const { sql, params } = taskStatsSql(this.dialect, query);
    const rows = await this.client.$queryRawUnsafe<TaskStatsSqlRow[]>(sql, ...params);
    return rows.map(taskStatsBucket);
  }
}
