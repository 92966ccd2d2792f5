-- Full-text search over the task history (list-tasks `q`): a GIN index on one tsvector per task
-- of its id, type, payload, result (as JSON text, keys included) and error. Before parsing, JSON
-- escapes (\n, \", \u0001) and every run of characters other than letters and digits become one
-- space, so words split exactly where SQLite's unicode61 tokenizer splits them (its migration)
-- and PostgreSQL's parser does not keep URLs, hosts or paths whole: "example.test/a" is found by
-- "test" on both. 'simple' folds case and has no stop words or stemming. Each text part is cut
-- at 100,000 characters: a tsvector holds at most 1 MB, and one too large would fail the whole
-- history batch that carries it.
-- An expression index rather than a column or trigger: PostgreSQL builds it for existing rows
-- here and keeps it current on every insert and update by itself. The query repeats the
-- expression word for word (packages/db/src/task-search-sql.ts, checked by a test).
CREATE INDEX "tasks_search_idx" ON "tasks" USING GIN (
    (to_tsvector('simple'::regconfig, regexp_replace("id" || ' ' || "type" || ' ' || coalesce(left("payload"::text, 100000), '') || ' ' || coalesce(left("result"::text, 100000), '') || ' ' || coalesce(left("error", 100000), ''), '(\\(u[0-9a-fA-F]{4}|.)|[^[:alnum:]\\])+', ' ', 'g')))
);

-- Time-range filters (list-tasks `from`/`to`).
CREATE INDEX "tasks_createdAt_idx" ON "tasks"("createdAt");
