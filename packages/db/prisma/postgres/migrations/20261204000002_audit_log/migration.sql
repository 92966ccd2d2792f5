-- CreateTable
CREATE TABLE "audit_entries" (
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
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
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "rootHash" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
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

-- Append-only: the application never changes or removes audit rows. A superuser can still
-- disable the triggers; verification then finds the change. Where the application connects
-- as its own role, also run (as the owner): REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries,
-- audit_checkpoints FROM <app role>;
CREATE FUNCTION "audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_entries_append_only" BEFORE UPDATE OR DELETE ON "audit_entries"
    FOR EACH ROW EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "audit_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit_checkpoints"
    FOR EACH ROW EXECUTE FUNCTION "audit_append_only"();
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();
