import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { parseIp } from "../address-policy.js";
import type { LookupFn, ResolvedAddress } from "../ssrf-guard.js";

export interface LocalSite {
  port: number;
  /** Paths requested, in order (with the Host header), e.g. "site-a.test:1234 /page". */
  requests: string[];
  /** Handle WebSocket upgrades (tests that speak the protocol themselves). */
  onUpgrade(handler: (req: IncomingMessage, socket: Duplex) => void): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 only (tests never serve or reach anything else). */
export async function startLocalSite(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalSite> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.headers.host ?? ""} ${req.url ?? ""}`);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    onUpgrade(handler) {
      server.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
        requests.push(`${req.headers.host ?? ""} ${req.url ?? ""} (upgrade)`);
        handler(req, socket);
      });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A resolver for test names (no real DNS): unknown names fail like NXDOMAIN. */
export function fakeLookup(table: Record<string, string | string[]>, calls?: string[]): LookupFn {
  return async (host) => {
    calls?.push(host);
    const v = table[host];
    if (v === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return (Array.isArray(v) ? v : [v]).map((address): ResolvedAddress => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

/**
 * Network safety for tests, independent of the guard under test: every socket the guarded
 * fetcher opens must target loopback, or it is refused here and recorded.
 */
export function loopbackOnly(record: string[] = []): { beforeConnect: (address: string) => void; refused: string[] } {
  return {
    refused: record,
    beforeConnect(address: string) {
      const ip = parseIp(address);
      if (!ip || ip.range() !== "loopback") {
        record.push(address);
        throw new Error(`test network safety: refusing to connect to ${address}`);
      }
    },
  };
}
