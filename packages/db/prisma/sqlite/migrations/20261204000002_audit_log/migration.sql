-- CreateTable
CREATE TABLE "audit_entries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "time" DATETIME NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "inputDigest" TEXT NOT NULL,
    "input" TEXT,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "clientAddress" TEXT,
    "userAgent" TEXT,
    "requestId" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "size" INTEGER NOT NULL,
    "rootHash" TEXT NOT NULL,
    "time" DATETIME NOT NULL,
    "note" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_entries_seq_key" ON "audit_entries"("seq");

-- CreateIndex
CREATE INDEX "audit_entries_action_seq_idx" ON "audit_entries"("action", "seq");

-- CreateIndex
CREATE INDEX "audit_entries_actorId_seq_idx" ON "audit_entries"("actorId", "seq");

-- CreateIndex
CREATE INDEX "audit_entries_time_idx" ON "audit_entries"("time");

-- CreateIndex
CREATE UNIQUE INDEX "audit_checkpoints_size_key" ON "audit_checkpoints"("size");

-- Append-only: the application never changes or removes audit rows. (Someone with write
-- access to the file can drop these triggers; verification then finds the change.)
CREATE TRIGGER "audit_entries_no_update" BEFORE UPDATE ON "audit_entries"
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
CREATE TRIGGER "audit_entries_no_delete" BEFORE DELETE ON "audit_entries"
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
CREATE TRIGGER "audit_checkpoints_no_update" BEFORE UPDATE ON "audit_checkpoints"
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER "audit_checkpoints_no_delete" BEFORE DELETE ON "audit_checkpoints"
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
