/** Who the dashboard is to a passkey: the WebAuthn relying party. */
export interface RelyingParty {
  /** The RP ID: a host name the origins are on (never an IP address: browsers refuse those). */
  id: string;
  /** Shown by the browser and the authenticator ("Switchyard"). */
  name: string;
  /** The origins the dashboard is served on ("https://switchyard.example.com"); a ceremony from any other is refused. */
  origins: string[];
}

/**
 * The relying party from configuration: `origins` as configured, the RP ID their first one's
 * host unless given. Every origin must be on the RP ID (equal, or a subdomain), as browsers
 * require, so a misconfiguration fails at start rather than at the first passkey.
 */
export function relyingPartyFor(input: { origins: readonly string[]; id?: string | undefined; name?: string | undefined }): RelyingParty {
  const origins = input.origins.map((o) => {
    const url = new URL(o);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`passkey origin ${o} is not http(s)`);
    return url.origin;
  });
  const first = origins[0];
  if (!first) throw new Error("passkeys need at least one origin");
  const id = (input.id ?? new URL(first).hostname).toLowerCase();
  if (/^[\d.]+$/.test(id) || id.includes(":") || id.startsWith("[")) {
    throw new Error(`passkey RP ID ${id} is an IP address; browsers accept only host names (use localhost or a DNS name)`);
  }
  for (const origin of origins) {
    const host = new URL(origin).hostname.toLowerCase();
    if (host !== id && !host.endsWith(`.${id}`)) throw new Error(`passkey origin ${origin} is not on the RP ID ${id}`);
  }
  return { id, name: input.name ?? "Switchyard", origins };
}

/**
 * The origin a dashboard listening on host:port is reached at in a browser on the same machine:
 * loopback and wildcard addresses become `localhost` (browsers refuse IP addresses for passkeys).
 */
export function localOrigin(host: string, port: number): string {
  const loopback = ["127.0.0.1", "::1", "[::1]", "0.0.0.0", "::", "localhost"].includes(host) || /^127\./.test(host);
  return `http://${loopback ? "localhost" : host}:${port}`;
}
