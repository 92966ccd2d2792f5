import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma as PostgresPrisma } from "../generated/postgres/client.js";
import { Prisma as SqlitePrisma } from "../generated/sqlite/client.js";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { rawQuery } from "../test-support/raw-query.js";
import type { DatabaseKind } from "./database.js";
import { migrate } from "./index.js";

interface ModelField {
  column: string;
  type: string;
  optional: boolean;
  id: boolean;
  unique: boolean;
  default: string | null;
}
interface Model {
  table: string;
  fields: ModelField[];
  /** Column lists of @@index, in order. */
  indexes: string[][];
}

/** The models as written in a schema.prisma (scalar fields only; all this package has). */
function readModels(kind: DatabaseKind): Map<string, Model> {
  const text = readFileSync(new URL(`../prisma/${kind}/schema.prisma`, import.meta.url), "utf8");
  const models = new Map<string, Model>();
  // Model blocks end at a line holding only "}" (doc comments may contain braces).
  for (const [, name = "", body = ""] of text.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}$/gm)) {
    const model: Model = { table: name, fields: [], indexes: [] };
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const attr = /^@@(\w+)\((.*)\)$/.exec(line);
      if (attr) {
        if (attr[1] === "map") model.table = JSON.parse(attr[2] ?? "") as string;
        if (attr[1] === "index") model.indexes.push((/\[(.*)\]/.exec(attr[2] ?? "")?.[1] ?? "").split(/,\s*/));
        continue;
      }
      const field = /^(\w+)\s+(\w+)(\?)?(.*)$/.exec(line);
      if (!field) continue;
      const rest = field[4] ?? "";
      model.fields.push({
        column: /@map\("(\w+)"\)/.exec(rest)?.[1] ?? field[1] ?? "",
        type: field[2] ?? "",
        optional: field[3] === "?",
        id: /@id\b/.test(rest),
        unique: /@unique\b/.test(rest),
        default: /@default\(([^)]*)\)/.exec(rest)?.[1] ?? null,
      });
    }
    models.set(name, model);
  }
  return models;
}

const COLUMN_TYPES: Record<DatabaseKind, Record<string, string>> = {
  sqlite: { String: "TEXT", Int: "INTEGER", BigInt: "BIGINT", Json: "JSONB", DateTime: "DATETIME" },
  postgres: { String: "text", Int: "integer", BigInt: "bigint", Json: "jsonb", DateTime: "timestamp(3) without time zone" },
};

interface CatalogColumn {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

async function catalogColumns(kind: DatabaseKind, url: string, table: string): Promise<CatalogColumn[]> {
  if (kind === "sqlite") {
    const rows = await rawQuery(url, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${table}')`);
    return rows.map((r) => ({
      name: String(r.name),
      type: String(r.type),
      nullable: Number(r.notnull) === 0,
      default: r.dflt_value === null ? null : prismaDefault(String(r.dflt_value)),
    }));
  }
  const rows = await rawQuery(
    url,
    "SELECT column_name, data_type, datetime_precision, is_nullable, column_default FROM information_schema.columns " +
      "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    [table],
  );
  return rows.map((r) => ({
    name: String(r.column_name),
    type: r.data_type === "timestamp without time zone" ? `timestamp(${String(r.datetime_precision)}) without time zone` : String(r.data_type),
    nullable: r.is_nullable === "YES",
    default: r.column_default === null ? null : prismaDefault(String(r.column_default)),
  }));
}

/** A catalog's string-literal default ('x' or 'x'::text) written as the schema writes it ("x"). */
function prismaDefault(raw: string): string {
  const literal = /^'((?:[^']|'')*)'(?:::[a-z ]+)?$/.exec(raw);
  return literal ? JSON.stringify((literal[1] ?? "").replaceAll("''", "'")) : raw;
}

/** Indexes as "unique?:col,col" strings, the primary key as "pk:col". */
async function catalogIndexes(kind: DatabaseKind, url: string, table: string): Promise<string[]> {
  if (kind === "sqlite") {
    const list = await rawQuery(url, `SELECT name, "unique", origin FROM pragma_index_list('${table}')`);
    const out: string[] = [];
    for (const index of list) {
      const cols = await rawQuery(url, `SELECT name FROM pragma_index_info('${String(index.name)}') ORDER BY seqno`);
      const prefix = index.origin === "pk" ? "pk" : Number(index.unique) === 1 ? "unique" : "index";
      out.push(`${prefix}:${cols.map((c) => String(c.name)).join(",")}`);
    }
    const pk = await rawQuery(url, `SELECT name FROM pragma_table_info('${table}') WHERE pk > 0 ORDER BY pk`);
    // A TEXT primary key in SQLite has an autoindex; report it once as the primary key.
    if (pk.length > 0 && !out.some((i) => i.startsWith("pk:"))) out.push(`pk:${pk.map((c) => String(c.name)).join(",")}`);
    return out.sort();
  }
  const rows = await rawQuery(
    url,
    "SELECT ix.indisprimary AS pk, ix.indisunique AS uniq, " +
      "array_to_string(array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n) " +
      "JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n), ',') AS cols " +
      "FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace",
    [table],
  );
  return rows.map((r) => `${r.pk ? "pk" : r.uniq ? "unique" : "index"}:${String(r.cols)}`).sort();
}

describe("generated clients", () => {
  it("have the same models and fields for both dialects, matching the schema files", () => {
    expect(SqlitePrisma.ModelName).toEqual(PostgresPrisma.ModelName);
    expect(SqlitePrisma.TaskScalarFieldEnum).toEqual(PostgresPrisma.TaskScalarFieldEnum);
    expect(SqlitePrisma.ApiTokenScalarFieldEnum).toEqual(PostgresPrisma.ApiTokenScalarFieldEnum);
    const sqlite = readModels("sqlite");
    // One difference on purpose: PostgreSQL indexes tasks by createdAt, SQLite does not (its cost
    // to the history writer; migration task_search says why).
    const postgres = readModels("postgres");
    const pgTask = postgres.get("Task");
    if (pgTask) pgTask.indexes = pgTask.indexes.filter((cols) => cols.join(",") !== "createdAt");
    expect(postgres).toEqual(sqlite);
    expect([...sqlite.keys()].sort()).toEqual(Object.keys(SqlitePrisma.ModelName).sort());
    expect(sqlite.get("Task")?.fields.map((f) => f.column)).toEqual(Object.values(SqlitePrisma.TaskScalarFieldEnum));
    expect(sqlite.get("ApiToken")?.fields.map((f) => f.column)).toEqual(Object.values(SqlitePrisma.ApiTokenScalarFieldEnum));
  });
});

describe.each(DIALECTS)("migrated schema ($kind)", ({ kind, start }) => {
  let server: TestDatabaseServer;
  beforeAll(async () => {
    server = await start();
    await migrate(server.url);
  }, SERVER_START_TIMEOUT_MS);
  afterAll(() => server?.stop());

  const models = [...readModels(kind).entries()];

  it.each(models)("has the columns of model %s", async (_name, model) => {
    const columns = await catalogColumns(kind, server.url, model.table);
    const expected = model.fields.map((f) => ({
      name: f.column,
      type: COLUMN_TYPES[kind][f.type],
      nullable: f.optional,
      default: f.default,
    }));
    expect(columns).toEqual(expected);
  });

  it.each(models)("has the keys and indexes of model %s", async (_name, model) => {
    const expected = [
      `pk:${model.fields.filter((f) => f.id).map((f) => f.column).join(",")}`,
      ...model.fields.filter((f) => f.unique).map((f) => `unique:${f.column}`),
      ...model.indexes.map((cols) => `index:${cols.join(",")}`),
      // Text search (migration task_search), which Prisma does not model: on PostgreSQL a GIN
      // index over an expression (no plain columns), on SQLite an FTS5 table (below).
      ...(kind === "postgres" && model.table === "tasks" ? ["index:"] : []),
      // Finished rows only (migration finished_index), a partial index Prisma does not model.
      // The same for a submitter's own tasks (migration task_submitter).
      ...(model.table === "tasks" ? ["index:finishedAt", "index:listedFor,id"] : []),
    ].sort();
    expect(await catalogIndexes(kind, server.url, model.table)).toEqual(expected);
  });

  it("has no tables beyond the models and Prisma's bookkeeping", async () => {
    const sql =
      kind === "sqlite"
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()";
    const tables = (await rawQuery(server.url, sql)).map((r) => String(r.name)).sort();
    // SQLite's text search: the FTS5 table of migration task_search and its shadow tables.
    const search = kind === "sqlite" ? ["tasks_search", "tasks_search_pending", "tasks_search_state", "tasks_search_config", "tasks_search_data", "tasks_search_docsize", "tasks_search_idx"] : [];
    expect(tables).toEqual(["_prisma_migrations", ...models.map(([, m]) => m.table), ...search].sort());
  });
});
