import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { RunnerConfig, RunnerConfigInput } from "./config.js";
import { createApp } from "./http/app.js";
import { createRunner, type Runner, type RunnerDeps } from "./runner.js";

export interface RunnerServer {
  runner: Runner;
  /** http://host:port */
  url: string;
  port: number;
  /** Stop accepting connections, drain the runner, close. */
  close(): Promise<void>;
}

/**
 * Start the HTTP server for a runner (created here from config, or given). Port 0 picks a
 * free port (tests).
 */
export async function startRunnerServer(
  configOrRunner: RunnerConfig | RunnerConfigInput | Runner,
  deps: RunnerDeps = {},
): Promise<RunnerServer> {
  const runner = isRunner(configOrRunner) ? configOrRunner : await createRunner(configOrRunner, deps);
  const app = createApp(runner);
  const { host, port } = runner.config;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s as Server)) as Server;
    s.once("error", reject);
  });
  server.keepAliveTimeout = 65_000;
  // Requests whose response has not finished: shutdown waits for them before dropping sockets.
  let open = 0;
  let drained: (() => void) | null = null;
  server.on("request", (_req, res) => {
    open++;
    res.once("close", () => {
      open--;
      if (open === 0 && drained) drained();
    });
  });
  const responsesDone = (timeoutMs: number): Promise<void> =>
    open === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const t = setTimeout(resolve, timeoutMs);
          t.unref();
          drained = () => {
            clearTimeout(t);
            resolve();
          };
        });
  const addr = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
  runner.logger.info("listening", { url, provider: runner.provider.active, fallbackReason: runner.provider.fallbackReason });
  let closing: Promise<void> | null = null;
  return {
    runner,
    url,
    port: addr.port,
    close: () => {
      closing ??= (async () => {
        // Stop taking connections, finish queued and computing work, then drop idle sockets.
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await runner.close();
        await responsesDone(5_000);
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

function isRunner(x: unknown): x is Runner {
  return typeof x === "object" && x !== null && "embedVectors" in x && "health" in x;
}
