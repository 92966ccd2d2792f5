import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

/**
 * Chromium's only network: it is launched with this as its proxy (and a resolver that resolves
 * nothing), so the browser itself can reach no address at all. Every request a page makes is
 * intercepted and performed in Node through the SSRF guard instead; whatever reaches the sink
 * escaped interception and is recorded (first line only) and dropped, never forwarded.
 */
export class NetworkSink {
  /** First line of each connection that sent data (e.g. "CONNECT 10.0.0.1:80 HTTP/1.1"). */
  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly attempts: string[],
    private readonly sockets: Set<Socket>,
  ) {}

  static async start(): Promise<NetworkSink> {
    const attempts: string[] = [];
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      socket.once("data", (d: Buffer) => {
        const line = d.toString("latin1").split("\r\n")[0] ?? "";
        if (line.length > 0) attempts.push(line.slice(0, 300));
        socket.destroy();
      });
      socket.on("error", () => undefined);
      // Preconnects send nothing; don't keep them.
      socket.setTimeout(2_000, () => socket.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return new NetworkSink(server, (server.address() as AddressInfo).port, attempts, sockets);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
