/**
 * Text search over the task history: how a query's words become each dialect's full-text query.
 * Both indexes (migration task_search) split text into runs of letters and digits and fold case,
 * so a query matches the same tasks on SQLite (FTS5) and PostgreSQL (GIN over a tsvector).
 */

/** Most words of one query that are searched for; the rest are ignored. */
export const MAX_SEARCH_TERMS = 16;

/** One word of a search: the whole word, or (written `word*`) any word that starts with it. */
export interface SearchTerm {
  word: string;
  prefix: boolean;
}

/**
 * The words of a search text, lowercased. A word matches whole words; followed by `*` it matches
 * every word it starts (slower: the index merges all those words, a short common prefix many).
 * Duplicates, and prefixes that another term already implies, are dropped. Empty when the text
 * has no letter or digit.
 */
export function searchTerms(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const [, word = "", star] of text.toLowerCase().matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
    if (terms.length === MAX_SEARCH_TERMS) break;
    const prefix = star === "*";
    if (!terms.some((t) => t.word === word && t.prefix === prefix)) terms.push({ word, prefix });
  }
  // Every term is required, so a prefix that another term starts with adds nothing.
  return terms.filter((t) => !t.prefix || !terms.some((o) => o !== t && o.word.startsWith(t.word)));
}

/**
 * FTS5 MATCH text: every word quoted (`*` after a prefix), all required. The words hold only
 * letters and digits, so quoting cannot be broken out of.
 */
export function sqliteMatchQuery(terms: readonly SearchTerm[]): string {
  return terms.map((t) => `"${t.word}"${t.prefix ? "*" : ""}`).join(" AND ");
}

/** to_tsquery text: every word (`word:*` for a prefix), all required. */
export function postgresTsQuery(terms: readonly SearchTerm[]): string {
  return terms.map((t) => (t.prefix ? `${t.word}:*` : t.word)).join(" & ");
}

/**
 * The indexed expression of tasks_search_idx, word for word as in the PostgreSQL migration:
 * PostgreSQL uses an expression index only for the same expression. A test reads the migration
 * and checks that it contains this text.
 */
export const POSTGRES_SEARCH_VECTOR =
  `to_tsvector('simple'::regconfig, regexp_replace("id" || ' ' || "type" || ' ' || ` +
  `coalesce(left("payload"::text, 100000), '') || ' ' || coalesce(left("result"::text, 100000), '') || ' ' || ` +
  `coalesce(left("error", 100000), ''), '(\\\\(u[0-9a-fA-F]{4}|.)|[^[:alnum:]\\\\])+', ' ', 'g'))`;

/** The text one task contributes to the SQLite index (as in the migration's initial fill). */
const SQLITE_BODY = (t: string) =>
  `${t}."id" || ' ' || ${t}."type" || ' ' || coalesce(replace(replace(replace(${t}."payload", '\\n', ' '), '\\r', ' '), '\\t', ' '), '') || ' ' || ` +
  `coalesce(replace(replace(replace(${t}."result", '\\n', ' '), '\\r', ' '), '\\t', ' '), '') || ' ' || coalesce(${t}."error", '')`;

/**
 * SQLite: moves up to `batch` pending rows (noted by the triggers) into the FTS5 index, in one
 * transaction: their old entries out, their current text in, the notes gone. Statements in order.
 */
export function sqliteCatchUpStatements(batch: number): { bound: string; statements: (bound: number) => string[] } {
  return {
    bound: `SELECT max("rowid") AS "bound" FROM (SELECT "rowid" FROM "tasks_search_pending" ORDER BY "rowid" LIMIT ${Math.floor(batch)})`,
    statements: (bound) => [
      `DELETE FROM "tasks_search" WHERE "rowid" IN (SELECT "rowid" FROM "tasks_search_pending" WHERE "rowid" <= ${bound})`,
      `INSERT INTO "tasks_search" ("rowid", "body") SELECT t."rowid", ${SQLITE_BODY("t")} FROM "tasks" t ` +
        `JOIN "tasks_search_pending" p ON p."rowid" = t."rowid" WHERE p."rowid" <= ${bound}`,
      `DELETE FROM "tasks_search_pending" WHERE "rowid" <= ${bound}`,
    ],
  };
}
