import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLauncherLock, DataDirBusyError, LOCK_FILE, readLock } from "./launcher-lock.js";

describe("launcher lock (DATA_DIR/launcher.lock)", () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), "sy-lock-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("is taken with the pid, refused to a second launcher while that one runs, and released", () => {
    const dir = tmp();
    // A live process whose command line looks like a launcher holds it.
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", "scripts/start.ts"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: holder.pid, since: "then" }));
      expect(() => acquireLauncherLock(dir)).toThrow(DataDirBusyError);
      expect(() => acquireLauncherLock(dir)).toThrow(`is in use by another Switchyard launcher (pid ${holder.pid}, started then)`);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("takes over a stale lock (its launcher and watchdog are gone) and removes only its own", () => {
    const dir = tmp();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, watchdogPid: 2 ** 22 + 8, since: "long ago" }));
    const lock = acquireLauncherLock(dir, 1234);
    expect(readLock(lock.path)).toMatchObject({ pid: 1234 });
    lock.setWatchdog(5678);
    expect(readLock(lock.path)).toMatchObject({ pid: 1234, watchdogPid: 5678 });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);

    // A lock a newer launcher took is left alone.
    const mine = acquireLauncherLock(dir, 1234);
    writeFileSync(mine.path, JSON.stringify({ pid: 4321, since: "now" }));
    mine.release();
    expect(readLock(mine.path)).toMatchObject({ pid: 4321 });
  });

  it("waits for a killed launcher's platform that is still stopping (its watchdog runs)", () => {
    const dir = tmp();
    const watchdog = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", "launcher-watchdog"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, watchdogPid: watchdog.pid, since: "then" }));
      expect(() => acquireLauncherLock(dir)).toThrow(/is still stopping \(watchdog pid \d+\); try again in a few seconds/);
    } finally {
      watchdog.kill("SIGKILL");
    }
  });
});
