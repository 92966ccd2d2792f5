// The body of SqliteWriteThread (sqlite-write-thread.ts): plain JavaScript so that a worker
// thread can load it without a TypeScript loader. It owns one better-sqlite3 connection and
// runs each batch it is sent as one BEGIN IMMEDIATE transaction of one prepared statement per
// row. better-sqlite3 waits for another process's write lock synchronously (sleeping in
// SQLite's busy handler); here that stalls only this thread, never the process's event loop.
//
// workerData: { path, statements: { [name]: { sql, width, missing? } }, busyTimeoutMs }
//   missing: { sql, param }: after a row that changed nothing, `sql` (one parameter: the row's
//   parameter at index `param`) says whether the row exists; those that do not are reported.
// in:  { id, statement, json } (json: an array of `width` parameters per row, flat) | { close: true }
// out: { id, missing } when committed (missing: indexes of rows reported, see above) | { id, error: { message, code } }
import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";

const { path, statements, busyTimeoutMs } = workerData;
let db = null;
/** Prepared statements by name. */
const prepared = new Map();

function open(name) {
  const spec = statements[name];
  if (!spec) throw new Error(`unknown statement ${name}`);
  if (!db) {
    db = new BetterSqlite3(path, { timeout: busyTimeoutMs });
    // Per connection; see open-prisma-client.ts for why NORMAL is safe in WAL mode.
    db.pragma("synchronous = NORMAL");
  }
  // Prepared lazily, so a batch sent before migrate() fails and its retry can succeed.
  let entry = prepared.get(name);
  if (!entry) {
    entry = { statement: db.prepare(spec.sql), exists: spec.missing ? db.prepare(spec.missing.sql) : null };
    prepared.set(name, entry);
  }
  return { db, ...entry, width: spec.width, missingParam: spec.missing?.param ?? 0 };
}

function write(name, values) {
  const { db, statement, exists, width, missingParam } = open(name);
  const row = new Array(width);
  const missing = [];
  db.exec("BEGIN IMMEDIATE");
  try {
    for (let offset = 0; offset < values.length; offset += width) {
      for (let i = 0; i < width; i++) row[i] = values[offset + i];
      const { changes } = statement.run(row);
      if (exists && changes === 0 && exists.get(row[missingParam]) === undefined) missing.push(offset / width);
    }
    db.exec("COMMIT");
  } catch (err) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw err;
  }
  return missing;
}

parentPort.on("message", (message) => {
  if (message.close) {
    prepared.clear();
    db?.close();
    db = null;
    parentPort.close();
    return;
  }
  try {
    const missing = write(message.statement, JSON.parse(message.json));
    parentPort.postMessage({ id: message.id, missing });
  } catch (err) {
    const error = err instanceof Error ? { message: err.message, code: err.code ?? null } : { message: String(err), code: null };
    parentPort.postMessage({ id: message.id, error });
  }
});
