import { lookup as dnsLookup } from "node:dns/promises";
import { classifyAddress, EMPTY_ALLOW_LIST, isMetadataHost, parseIp, type AllowList } from "./address-policy.js";
import { SsrfBlockedError } from "./scrape-errors.js";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (dns.promises.lookup with all: true by default). */
export type LookupFn = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: LookupFn = async (host) => {
  const all = await dnsLookup(host, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A URL that passed the guard, with the addresses that were checked: connect only to these. */
export interface CheckedTarget {
  url: URL;
  /** Host name without IPv6 brackets, lower case. */
  host: string;
  addresses: ResolvedAddress[];
}

export interface SsrfGuardOptions {
  allow?: AllowList;
  /** Injected in tests so test names resolve to loopback without real DNS. */
  lookup?: LookupFn;
}

const SCHEMES = new Set(["http:", "https:", "ws:", "wss:"]);

/**
 * The SSRF guard: every host is resolved and EVERY address must pass `classifyAddress`; callers
 * then connect to the checked address only (pinned-dispatcher.ts), so a name that re-resolves
 * elsewhere between check and connect (DNS rebinding) never gets a second lookup.
 */
export class SsrfGuard {
  readonly allow: AllowList;
  private readonly lookup: LookupFn;

  constructor(options: SsrfGuardOptions = {}) {
    this.allow = options.allow ?? EMPTY_ALLOW_LIST;
    this.lookup = options.lookup ?? systemLookup;
  }

  async check(input: string | URL): Promise<CheckedTarget> {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new SsrfBlockedError(String(input), "not a valid URL");
    }
    const shown = url.href;
    if (!SCHEMES.has(url.protocol)) throw new SsrfBlockedError(shown, `scheme ${url.protocol} is not allowed`);
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    if (host === "") throw new SsrfBlockedError(shown, "no host");
    const hostListed = this.allow.hosts.has(host);

    const literal = parseIp(host);
    if (literal) {
      const verdict = classifyAddress(host, this.allow);
      if (!verdict.allowed) throw new SsrfBlockedError(shown, `address ${verdict.address} is ${verdict.range}`);
      return { url, host, addresses: [{ address: host, family: literal.kind() === "ipv6" ? 6 : 4 }] };
    }
    if (!hostListed && isMetadataHost(host)) throw new SsrfBlockedError(shown, `${host} is a cloud metadata host`);

    let addresses: ResolvedAddress[];
    try {
      addresses = await this.lookup(host);
    } catch (err) {
      throw new SsrfBlockedError(shown, `cannot resolve ${host}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (addresses.length === 0) throw new SsrfBlockedError(shown, `${host} has no addresses`);
    for (const a of addresses) {
      const verdict = classifyAddress(a.address, this.allow);
      // A host on the allow-list may resolve to private addresses; nothing else may.
      if (!verdict.allowed && !hostListed) {
        throw new SsrfBlockedError(shown, `${host} resolves to ${verdict.address} (${verdict.range})`);
      }
    }
    return { url, host, addresses };
  }
}
