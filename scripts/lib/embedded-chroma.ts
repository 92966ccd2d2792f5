import { join } from "node:path";
import { chromaServerCommand } from "@switchyard/rag";
import { startChild, type Child } from "./child.js";
import { freePort } from "./free-port.js";
import { ensurePrivateDir } from "./private-files.js";
import { waitUntil } from "./wait-for.js";

export interface EmbeddedChroma {
  child: Child;
  /** What the apps get as CHROMA_URL. */
  url: string;
  /** Resolves once the server answers its heartbeat. */
  ready: Promise<void>;
}

/** True when a Chroma server answers its v2 heartbeat at `url`. */
export async function chromaAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * The embedded Chroma server (`chroma run` of the npm chromadb package's native binding): data
 * under DATA_DIR/chroma, on a free 127.0.0.1 port (or the given one: a restart keeps the port the
 * apps were told), so it never collides with another Chroma; a second start reuses the data.
 */
export async function startEmbeddedChroma(
  dataDir: string,
  opts: { env: Record<string, string>; port?: number; write?: (line: string) => void; format?: (line: string) => string },
): Promise<EmbeddedChroma> {
  const dir = join(dataDir, "chroma");
  // Owner only: it holds every ingested document's text.
  ensurePrivateDir(dir);
  const port = opts.port ?? (await freePort());
  const { command, args } = chromaServerCommand({ path: dir, host: "127.0.0.1", port });
  const child = startChild("chroma", command, args, {
    env: opts.env,
    cwd: dir,
    ...(opts.write ? { write: opts.write } : {}),
    ...(opts.format ? { format: opts.format } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  let exitedEarly: string | null = null;
  void child.exited.then((e) => {
    exitedEarly = e.error
      ? `cannot run chroma (${e.error.message}); run npm install`
      : `chroma exited during start (code ${e.code ?? e.signal}); see its lines above`;
  });
  const ready = waitUntil(() => chromaAnswers(url), { timeoutMs: 60_000, intervalMs: 100, what: "chroma", abort: () => exitedEarly });
  ready.catch(() => undefined); // the caller awaits it; keep an early failure from being "unhandled"
  return { child, url, ready };
}
