import { createRequire } from "node:module";

/**
 * The command line that runs a local Chroma server (`chroma run`) with the native binding this
 * package pins: chromadb's own `chroma` bin would load the binding its own range resolves to,
 * and versions after 1.0.5 need a newer glibc than Debian 12 has (BUILD-NOTES).
 */
export function chromaServerCommand(opts: { path: string; host: string; port: number }): { command: string; args: string[] } {
  const binding = createRequire(import.meta.url).resolve("chromadb-js-bindings-linux-x64-gnu");
  const argv = ["chroma", "run", "--path", opts.path, "--host", opts.host, "--port", String(opts.port)];
  const script = `require(${JSON.stringify(binding)}).cli(${JSON.stringify(argv)})`;
  return { command: process.execPath, args: ["-e", script] };
}
