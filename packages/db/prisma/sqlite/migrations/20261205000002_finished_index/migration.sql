-- The dashboard's charts (get-task-stats) read the tasks that finished in the last hour. Only
-- finished rows are indexed: a task gets its one entry when it finishes, so queued and running
-- states cost the history writer nothing here. Prisma does not model partial indexes
-- (schema-matches-models.test.ts lists it by hand).
CREATE INDEX "tasks_finishedAt_idx" ON "tasks"("finishedAt") WHERE "finishedAt" IS NOT NULL;
