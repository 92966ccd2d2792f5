-- Who submitted each task (shown with it; a submitter may read only its own), and the same again
-- in "listedFor" for tasks submitted by callers who read only their own: their own-task lists
-- walk a partial index that holds just those rows (Prisma does not model partial indexes;
-- schema-matches-models.test.ts lists it by hand). Both are set once, never updated.
-- AlterTable
ALTER TABLE "tasks" ADD COLUMN "submittedBy" TEXT;
ALTER TABLE "tasks" ADD COLUMN "listedFor" TEXT;

-- CreateIndex
CREATE INDEX "tasks_listedFor_id_idx" ON "tasks"("listedFor", "id") WHERE "listedFor" IS NOT NULL;
