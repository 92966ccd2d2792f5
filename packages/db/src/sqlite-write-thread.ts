import { Worker } from "node:worker_threads";
import type { SqlValue } from "./sql-dialect.js";

/** A statement the thread runs once per row of a batch. */
export interface SqliteRowStatement {
  sql: string;
  /** Parameters per row. */
  width: number;
  /**
   * For a statement that may match no row (an UPDATE): `sql` takes the row's parameter at index
   * `param` and returns a row when the target exists. Rows that changed nothing and whose target
   * does not exist are reported by write().
   */
  missing?: { sql: string; param: number };
}

export interface SqliteWriteThreadOptions<Name extends string = string> {
  /** Absolute path of the database file. */
  path: string;
  /** The statements batches can name (task history upserts, audit inserts, ...). */
  statements: Readonly<Record<Name, SqliteRowStatement>>;
  busyTimeoutMs: number;
}

interface Pending {
  worker: Worker;
  resolve: (missing: readonly number[]) => void;
  reject: (err: Error) => void;
}

interface Reply {
  id: number;
  missing?: number[];
  error?: { message: string; code: string | null };
}

/** Raised for a batch the thread could not write; `code` is SQLite's (e.g. SQLITE_BUSY). */
export class SqliteWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "SqliteWriteError";
  }
}

/**
 * Writes task rows to SQLite from a worker thread of this process (sqlite-write-thread.mjs).
 * Two processes (web and worker) write the same file; whichever waits for the other's write
 * lock waits in that thread, while this event loop goes on serving requests and jobs. Batches
 * are written in the order they are sent, each as one transaction. The thread starts on the
 * first write and, after a crash, again on the next one; it keeps the process alive only
 * while a write is in flight.
 */
export class SqliteWriteThread<Name extends string = string> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private idle: (() => void) | null = null;

  constructor(private readonly options: SqliteWriteThreadOptions<Name>) {}

  /**
   * Resolves once the rows (the statement's width values each, flat) are committed, in one
   * transaction, with the indexes of the rows whose target was missing (see SqliteRowStatement.missing).
   */
  write(statement: Name, values: readonly SqlValue[]): Promise<readonly number[]> {
    if (this.closed) return Promise.reject(new Error("The SQLite write thread is closed"));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<readonly number[]>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      if (this.pending.size === 1) worker.ref();
      // One JSON string copies to the thread for about two thirds of what structured-cloning
      // the array costs (measured on 2,000-row batches), and JSON round-trips these values exactly.
      worker.postMessage({ id, statement, json: JSON.stringify(values) });
    });
  }

  /** Waits for the writes in flight, then stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.postMessage({ close: true });
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private start(): Worker {
    const { path, statements, busyTimeoutMs } = this.options;
    const worker = new Worker(new URL("./sqlite-write-thread.mjs", import.meta.url), {
      workerData: { path, statements, busyTimeoutMs },
      // Plain JavaScript: no need to load the parent's TypeScript loader (tsx) into it.
      execArgv: [],
    });
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.error) pending.reject(new SqliteWriteError(reply.error.message, reply.error.code));
      else pending.resolve(reply.missing ?? []);
      this.afterSettle(worker);
    });
    worker.on("error", (err) => this.fail(worker, err));
    worker.on("exit", (code) => this.fail(worker, new Error(`The SQLite write thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** The thread died: what it had not answered is rejected (the caller retries; rows converge by version). */
  private fail(worker: Worker, err: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      pending.reject(err);
    }
    this.afterSettle(worker);
  }

  private afterSettle(worker: Worker): void {
    if (this.pending.size > 0) return;
    worker.unref();
    this.idle?.();
    this.idle = null;
  }
}
