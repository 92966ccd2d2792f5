-- Full-text search over the task history (list-tasks `q`): one FTS5 document per task, keyed by
-- the tasks table's rowid, holding the id, the type, payload and result as JSON text (keys
-- included; the escapes \n, \r and \t become spaces so they do not glue to the next word) and
-- the error. unicode61 splits on everything but letters and digits and folds case, as the
-- PostgreSQL index does (its migration), so a query means the same on both. Contentless (the
-- text is in "tasks" already) with contentless_delete, so a row leaves the index by rowid alone;
-- detail=none (no positions): searches only ask whether words occur, and it is the cheapest
-- form to write.
-- Kept current through the triggers below, which every history upsert fires (the write thread's
-- prepared statement and Prisma's raw one alike); an update re-indexes only when payload,
-- result or error changed, so the status-only rows (active, retrying) cost nothing here.
-- VACUUM renumbers the rowids of a table without an INTEGER PRIMARY KEY: after one, rebuild
-- with DELETE FROM "tasks_search" and the INSERT ... SELECT below.
CREATE VIRTUAL TABLE "tasks_search" USING fts5(
    "body",
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    detail = none
);

-- Existing rows.
INSERT INTO "tasks_search" ("rowid", "body")
SELECT "rowid",
    "id" || ' ' || "type" || ' ' || coalesce(replace(replace(replace("payload", '\n', ' '), '\r', ' '), '\t', ' '), '') || ' ' ||
    coalesce(replace(replace(replace("result", '\n', ' '), '\r', ' '), '\t', ' '), '') || ' ' || coalesce("error", '')
FROM "tasks";

-- Rows reach the index late, in batches (tasks_search_pending): indexing a row costs about
-- 50-150 us of FTS5 work, done per row inside the history writer's batch it cost the hot path
-- two thirds of its rate; a trigger that only notes the rowid costs one small b-tree insert.
-- A search first indexes what is pending (the repository's catchUpSearchIndex), and the web
-- process does it in the background, so a task that goes queued -> completed is indexed once.
-- (The triggers test for the note rather than INSERT OR IGNORE: a history upsert is the outer
-- statement, and its conflict policy would override the trigger's and abort the whole batch.)
CREATE TABLE "tasks_search_pending" ("rowid" INTEGER NOT NULL PRIMARY KEY);

-- Whether the triggers note anything (one row). Noting costs the history writer about a sixth of
-- its rate in the queue benchmark, so on SQLite indexing is switched on by configuration
-- (TASK_SEARCH=on; the repository's setSearchIndexing); while off, nothing is written and text
-- search answers 400. Switching it on notes every row, and the catch-up indexes them.
CREATE TABLE "tasks_search_state" ("id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1), "enabled" INTEGER NOT NULL);
INSERT INTO "tasks_search_state" ("id", "enabled") VALUES (1, 1);

CREATE TRIGGER "tasks_search_insert" AFTER INSERT ON "tasks"
WHEN (SELECT "enabled" FROM "tasks_search_state" WHERE "id" = 1) = 1
BEGIN
    INSERT INTO "tasks_search_pending" ("rowid") SELECT new."rowid" WHERE NOT EXISTS (SELECT 1 FROM "tasks_search_pending" WHERE "rowid" = new."rowid");
END;

CREATE TRIGGER "tasks_search_update" AFTER UPDATE OF "payload", "result", "error" ON "tasks"
WHEN (old."payload" IS NOT new."payload" OR old."result" IS NOT new."result" OR old."error" IS NOT new."error")
    AND (SELECT "enabled" FROM "tasks_search_state" WHERE "id" = 1) = 1
BEGIN
    INSERT INTO "tasks_search_pending" ("rowid") SELECT new."rowid" WHERE NOT EXISTS (SELECT 1 FROM "tasks_search_pending" WHERE "rowid" = new."rowid");
END;

CREATE TRIGGER "tasks_search_delete" AFTER DELETE ON "tasks"
BEGIN
    DELETE FROM "tasks_search" WHERE "rowid" = old."rowid";
    DELETE FROM "tasks_search_pending" WHERE "rowid" = old."rowid";
END;

-- No createdAt index on SQLite: measured in the queue benchmark, it cost the history writer a
-- dozen WAL page writes per task. Time ranges are answered by walking windows of the newest ids
-- (UUIDv7: creation order) instead; PostgreSQL has the index.
