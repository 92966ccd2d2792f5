import { afterEach, describe, expect, it } from "vitest";
import { parseAllowList } from "./address-policy.js";
import { RobotsCache } from "./robots-cache.js";
import { parseRobots, robotsAllows } from "./robots-rules.js";
import { RobotsDisallowedError, SsrfBlockedError } from "./scrape-errors.js";
import { SsrfGuard } from "./ssrf-guard.js";
import { fakeLookup, loopbackOnly, startLocalSite, type LocalSite } from "./testing/local-site.js";

const ROBOTS = `
# comments are ignored
User-agent: OtherBot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/open$
Disallow: /*.pdf$

User-agent: SwitchyardBot
User-agent: AnotherBot
Disallow: /no-bots
Allow: /no-bots/except
`;

describe("robots.txt rules", () => {
  it("uses our own group when one names us, longest match wins, Allow wins ties", () => {
    const mine = parseRobots(ROBOTS, "SwitchyardBot/1.0");
    expect(robotsAllows(mine, "/no-bots/page")).toBe(false);
    expect(robotsAllows(mine, "/no-bots/except/x")).toBe(true);
    // Our group replaces the * group entirely.
    expect(robotsAllows(mine, "/private/x")).toBe(true);
  });

  it("falls back to the * group, with wildcards and $ anchors", () => {
    const star = parseRobots(ROBOTS, "SomeCrawler");
    expect(robotsAllows(star, "/private/x")).toBe(false);
    expect(robotsAllows(star, "/private/open")).toBe(true);
    expect(robotsAllows(star, "/private/open/more")).toBe(false);
    expect(robotsAllows(star, "/files/report.pdf")).toBe(false);
    expect(robotsAllows(star, "/files/report.pdf?x")).toBe(true);
    expect(robotsAllows(star, "/public")).toBe(true);
    expect(robotsAllows(parseRobots("", "x"), "/anything")).toBe(true);
  });
});

describe("RobotsCache", () => {
  let site: LocalSite | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it("fetches robots.txt through the guard once per origin and refuses disallowed URLs", async () => {
    site = await startLocalSite((req, res) => {
      if (req.url === "/robots.txt") res.end("User-agent: *\nDisallow: /secret\n");
      else res.end("ok");
    });
    const safety = loopbackOnly();
    const guard = new SsrfGuard({ allow: parseAllowList("site.test"), lookup: fakeLookup({ "site.test": "127.0.0.1" }) });
    const robots = new RobotsCache({ guard, userAgent: "SwitchyardBot", fetchOptions: { beforeConnect: safety.beforeConnect } });
    const base = `http://site.test:${site.port}`;
    await robots.assertAllowed(`${base}/public`);
    await robots.assertAllowed(`${base}/public/2`);
    const err = await robots.assertAllowed(`${base}/secret/plans`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RobotsDisallowedError);
    expect((err as RobotsDisallowedError).retryable).toBe(false);
    expect(robots.fetches).toBe(1);
    expect(site.requests).toEqual([`site.test:${site.port} /robots.txt`]);
    expect(safety.refused).toEqual([]);
  });

  it("treats a missing robots.txt as allow-all, and a 5xx as disallow-all for now", async () => {
    let status = 404;
    site = await startLocalSite((_req, res) => res.writeHead(status).end("nope"));
    const guard = new SsrfGuard({ allow: parseAllowList("127.0.0.1") });
    const b = loopbackOnly().beforeConnect;
    await new RobotsCache({ guard, userAgent: "SwitchyardBot", fetchOptions: { beforeConnect: b } }).assertAllowed(`http://127.0.0.1:${site.port}/x`);
    status = 503;
    await expect(
      new RobotsCache({ guard, userAgent: "SwitchyardBot", fetchOptions: { beforeConnect: b } }).assertAllowed(`http://127.0.0.1:${site.port}/x`),
    ).rejects.toBeInstanceOf(RobotsDisallowedError);
  });

  it("never fetches robots.txt from a refused address", async () => {
    const robots = new RobotsCache({ guard: new SsrfGuard({ lookup: fakeLookup({}) }), userAgent: "SwitchyardBot", fetchOptions: loopbackOnly() });
    await expect(robots.assertAllowed("http://10.0.0.1/page")).rejects.toBeInstanceOf(SsrfBlockedError);
  });
});
