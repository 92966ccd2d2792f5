import ipaddr from "ipaddr.js";

/**
 * Which addresses a scrape may reach. Only public unicast addresses pass; everything else
 * (loopback, private, link-local incl. cloud metadata, CGNAT, multicast, unspecified, broadcast,
 * reserved, IPv6 ULA/link-local, and IPv6 forms that embed IPv4: mapped, NAT64, 6to4, Teredo)
 * is refused unless the allow-list names the host or a CIDR that contains the address.
 */
export interface AddressVerdict {
  /** The address as classified: IPv4-mapped IPv6 is reduced to its IPv4 form. */
  address: string;
  /** ipaddr.js's range name ("unicast", "private", "loopback", "linkLocal", ...). */
  range: string;
  allowed: boolean;
}

/** Explicit exceptions, by configuration only (SCRAPE_ALLOW_PRIVATE). */
export interface AllowList {
  /** Lower-case host names whose resolved addresses may be private. */
  hosts: ReadonlySet<string>;
  cidrs: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), cidrs: [] };

/** Host names of cloud metadata services: refused before any DNS lookup, whatever they resolve to. */
const METADATA_HOSTS = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.azure.com",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.platformequinix.com",
  "metadata.packet.net",
  "metadata.tencentyun.com",
]);

export function isMetadataHost(host: string): boolean {
  return METADATA_HOSTS.has(host.toLowerCase().replace(/\.$/, ""));
}

/** Parse an IP literal (bracketed IPv6 allowed); null when `host` is not one. */
export function parseIp(host: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  // isValidFourPartDecimal/isValid(v6) only: "0x7f.1"-style forms are normalised by the URL parser first.
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  if (ipaddr.IPv6.isValid(bare)) return ipaddr.IPv6.parse(bare);
  return null;
}

/** The pure decision: is this address public unicast (or inside an allow-listed CIDR)? */
export function classifyAddress(ip: string, allow: AllowList = EMPTY_ALLOW_LIST): AddressVerdict {
  let parsed = parseIp(ip);
  if (!parsed) return { address: ip, range: "invalid", allowed: false };
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  const address = parsed.toString();
  if (range === "unicast") return { address, range, allowed: true };
  const listed = allow.cidrs.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits));
  return { address, range, allowed: listed };
}

/**
 * SCRAPE_ALLOW_PRIVATE: comma-separated host names and CIDRs (a bare IP is its /32 or /128).
 * Throws on an entry that is neither, so a typo is a start-up error rather than a silent gap.
 */
export function parseAllowList(spec: string | readonly string[] | undefined): AllowList {
  const entries = (typeof spec === "string" ? spec.split(",") : (spec ?? [])).map((s) => s.trim()).filter(Boolean);
  const hosts = new Set<string>();
  const cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const entry of entries) {
    if (entry.includes("/")) {
      try {
        cidrs.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new Error(`allow-list entry "${entry}" is not a valid CIDR`);
      }
      continue;
    }
    const ip = parseIp(entry);
    if (ip) {
      cidrs.push([ip, ip.kind() === "ipv4" ? 32 : 128]);
      continue;
    }
    if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(entry)) throw new Error(`allow-list entry "${entry}" is neither a host name nor a CIDR`);
    hosts.add(entry.toLowerCase());
  }
  return { hosts, cidrs };
}
