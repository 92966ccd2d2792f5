/**
 * The launcher's watchdog: a small process of its own session that scripts/start.ts starts
 * first, with an IPC channel. The launcher tells it every process it starts. When the channel
 * closes without a "release" — the launcher was SIGKILLed, or its terminal's SIGHUP ended it
 * before a clean stop — it stops what is left: the apps first (each also notices the closed
 * channel itself and stops gracefully; SIGTERM, then SIGKILL to its group after APP_GRACE_MS),
 * then redis-server (which cannot watch a channel) with SIGTERM so it closes its AOF, then
 * removes the DATA_DIR lock. Nothing of the platform outlives the launcher by more than about
 * APP_GRACE_MS + REDIS_GRACE_MS.
 *
 * Run as: node --import tsx scripts/lib/launcher-watchdog.ts '<json WatchdogArgs>'
 */
import { appendFileSync } from "node:fs";
import { releaseLock } from "./launcher-lock.js";
import { isRunning, signalGroup, signalProcess } from "./process-state.js";
import type { WatchdogArgs, WatchdogMessage } from "./watchdog-protocol.js";

const APP_GRACE_MS = 6_000;
const REDIS_GRACE_MS = 2_500;
const POLL_MS = 100;

const args = JSON.parse(process.argv[2] ?? "{}") as WatchdogArgs;
const tracked = new Map<number, { name: string; role: "app" | "redis" }>();
let released = false;

const log = (msg: string): void => {
  if (!args.logPath) return;
  try {
    appendFileSync(args.logPath, `${new Date().toISOString()} watchdog (pid ${process.pid}): ${msg}\n`);
  } catch {
    // logging is best effort; stopping the platform is not
  }
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  let left = pids.filter(isRunning);
  while (left.length > 0 && Date.now() < until) {
    await sleep(POLL_MS);
    left = left.filter(isRunning);
  }
  return left;
}

async function stopRole(role: "app" | "redis", graceMs: number): Promise<void> {
  const entries = [...tracked].filter(([, t]) => t.role === role);
  if (entries.length === 0) return;
  log(`stopping ${entries.map(([pid, t]) => `${t.name} (pid ${pid})`).join(", ")}`);
  for (const [pid] of entries) signalProcess(pid, "SIGTERM");
  const left = await waitGone(entries.map(([pid]) => pid), graceMs);
  for (const pid of left) log(`${tracked.get(pid)?.name ?? "?"} (pid ${pid}) did not stop within ${graceMs} ms; killing its group`);
  // Every group, also of those that stopped: whatever they started and left behind.
  for (const [pid] of entries) signalGroup(pid, "SIGKILL");
}

async function orphaned(): Promise<void> {
  log(`the launcher (pid ${args.launcherPid}) is gone without stopping the platform`);
  await stopRole("app", APP_GRACE_MS); // they may still use Redis while they stop
  await stopRole("redis", REDIS_GRACE_MS);
  releaseLock(args.lockPath, args.launcherPid);
  log("done");
  process.exit(0);
}

// Our own session (the launcher starts us detached), so a terminal's SIGHUP and Ctrl-C never
// reach us; should one be sent anyway, the channel decides, not the signal.
for (const s of ["SIGHUP", "SIGINT", "SIGTERM"] as const) process.on(s, () => undefined);

process.on("message", (raw) => {
  const m = raw as WatchdogMessage;
  if (m.kind === "track") tracked.set(m.pid, { name: m.name, role: m.role });
  else if (m.kind === "untrack") tracked.delete(m.pid);
  else if (m.kind === "release") {
    released = true;
    process.exit(0);
  }
});
process.once("disconnect", () => {
  if (!released) void orphaned();
});
if (!process.connected) void orphaned(); // the launcher died before we even started listening
log(`watching launcher pid ${args.launcherPid}`);
