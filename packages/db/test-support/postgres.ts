import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export interface TestPostgres {
  /** A fresh, empty database of its own. */
  url: string;
  /** Another fresh database on the same server (for tests that need a clean one each). */
  createDatabase(): Promise<string>;
  /** Drops what this created; stops the server when it started one. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL database for tests. With TEST_DATABASE_URL set, fresh uniquely named
 * databases are created on that server (and dropped in stop()). Otherwise a private server
 * is started from Debian's binaries on a free 127.0.0.1 port in a temp dir, never touching
 * a system cluster; as root it runs as the `postgres` user, since initdb refuses root.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  const server = external ? { adminUrl: external, stop: async () => undefined } : await startPrivateServer();
  const created: string[] = [];
  const createDatabase = async (): Promise<string> => {
    const name = `sy_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await withClient(server.adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    created.push(name);
    const url = new URL(server.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  try {
    const url = await createDatabase();
    return {
      url,
      createDatabase,
      async stop() {
        if (external) {
          await withClient(server.adminUrl, async (c) => {
            for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          });
        }
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function startPrivateServer(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const bin = findPostgresBin();
  const asRoot = userInfo().uid === 0;
  // initdb and postgres refuse to run as root: run them as the postgres system user.
  const exec = (file: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, file), ...args]) : run(join(bin, file), args);
  const dir = mkdtempSync(join(tmpdir(), "sy-pg-"));
  if (asRoot) {
    chmodSync(dir, 0o700);
    chownSync(dir, ...postgresIds());
  }
  const data = join(dir, "data");
  const stopServer = async () => {
    await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await exec("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
    // A free port can be taken between probing and binding: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const opts = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await exec("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"]);
        return { adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop: stopServer };
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    await stopServer();
    throw err;
  }
}

function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin " +
        "(apt-get install -y postgresql), and TEST_DATABASE_URL is not set",
    );
  }
  return join(root, newest, "bin");
}

function postgresIds(): [number, number] {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    return [id("-u"), id("-g")];
  } catch {
    throw new Error("Running as root but there is no `postgres` system user to run PostgreSQL as");
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
