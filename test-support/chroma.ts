import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromaServerCommand } from "@switchyard/rag";
import { chromaAnswers } from "../scripts/lib/embedded-chroma.js";
import { freePort } from "./free-port.js";

export interface TestChroma {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  dir: string;
  /** SIGTERM and wait for the exit (the data stays until stop()). */
  kill(): Promise<void>;
  /** Start again on the same port and data dir (after kill()). */
  start(): Promise<void>;
  /** Stops it and removes the data dir. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

// Safety net: a test that forgets stop() must not leave a Chroma server behind its worker.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of live) p.kill("SIGKILL");
});

/** A private, real Chroma server (`chroma run`) on a free 127.0.0.1 port with a temp data dir. */
export async function startTestChroma(): Promise<TestChroma> {
  const dir = mkdtempSync(join(tmpdir(), "sy-chroma-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const { command, args } = chromaServerCommand({ path: join(dir, "data"), host: "127.0.0.1", port });
    const proc = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    live.add(proc);
    let output = "";
    const collect = (d: Buffer): void => void (output = (output + d.toString()).slice(-4_000));
    proc.stdout?.on("data", collect);
    proc.stderr?.on("data", collect);
    let failure: string | null = null;
    proc.once("exit", (code, signal) => {
      live.delete(proc);
      failure ??= `chroma on port ${port} exited (${signal ?? `code ${code}`}): ${output.trim().split("\n").slice(-3).join(" | ")}`;
    });
    const until = Date.now() + START_TIMEOUT_MS;
    while (!(await chromaAnswers(url))) {
      if (failure) throw new Error(failure);
      if (Date.now() > until) {
        proc.kill("SIGKILL");
        throw new Error(`chroma on port ${port} did not answer within ${START_TIMEOUT_MS / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const kill = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await exited;
  };

  await launch();
  return {
    url,
    port,
    dir,
    kill,
    start: launch,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
