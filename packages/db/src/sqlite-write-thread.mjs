// The body of SqliteWriteThread (sqlite-write-thread.ts): plain JavaScript so that a worker
// thread can load it without a TypeScript loader. It owns one better-sqlite3 connection and
// runs each batch it is sent as one BEGIN IMMEDIATE transaction of one prepared statement per
// row. better-sqlite3 waits for another process's write lock synchronously (sleeping in
// SQLite's busy handler); here that stalls only this thread, never the process's event loop.
//
// workerData: { path, sql, width, busyTimeoutMs }
// in:  { id, json } (json: an array of `width` parameters per row, flat) | { close: true }
// out: { id } when committed | { id, error: { message, code } }
import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";

const { path, sql, width, busyTimeoutMs } = workerData;
let db = null;
let statement = null;

function open() {
  if (!db) {
    db = new BetterSqlite3(path, { timeout: busyTimeoutMs });
    // Per connection; see open-prisma-client.ts for why NORMAL is safe in WAL mode.
    db.pragma("synchronous = NORMAL");
  }
  // Prepared lazily, so a batch sent before migrate() fails and its retry can succeed.
  statement ??= db.prepare(sql);
  return { db, statement };
}

function write(values) {
  const { db, statement } = open();
  const row = new Array(width);
  db.exec("BEGIN IMMEDIATE");
  try {
    for (let offset = 0; offset < values.length; offset += width) {
      for (let i = 0; i < width; i++) row[i] = values[offset + i];
      statement.run(row);
    }
    db.exec("COMMIT");
  } catch (err) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw err;
  }
}

parentPort.on("message", (message) => {
  if (message.close) {
    db?.close();
    db = null;
    parentPort.close();
    return;
  }
  try {
    write(JSON.parse(message.json));
    parentPort.postMessage({ id: message.id });
  } catch (err) {
    const error = err instanceof Error ? { message: err.message, code: err.code ?? null } : { message: String(err), code: null };
    parentPort.postMessage({ id: message.id, error });
  }
});
