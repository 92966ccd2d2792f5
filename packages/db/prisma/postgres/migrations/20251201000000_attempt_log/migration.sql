-- AlterTable
ALTER TABLE "tasks" ADD COLUMN "attemptLog" JSONB;
