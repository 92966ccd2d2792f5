/** Why a scrape was refused or failed; `code` is stable for logs and results. */
export class ScrapeError extends Error {
  readonly code: "SSRF_BLOCKED" | "ROBOTS_DISALLOWED" | "FETCH_FAILED" | "TOO_LARGE" | "TOO_MANY_REDIRECTS";
  /** Whether another attempt could succeed (network trouble yes; a refusal never). */
  readonly retryable: boolean;
  constructor(code: ScrapeError["code"], message: string, retryable: boolean) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
  }
}

/** The SSRF guard refused a URL: a forbidden address, a metadata host, a bad scheme. */
export class SsrfBlockedError extends ScrapeError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super("SSRF_BLOCKED", `refused ${url}: ${reason}`, false);
  }
}

export class RobotsDisallowedError extends ScrapeError {
  constructor(readonly url: string) {
    super("ROBOTS_DISALLOWED", `robots.txt disallows ${url}`, false);
  }
}
