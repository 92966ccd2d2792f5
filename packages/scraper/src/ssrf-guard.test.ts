import { afterEach, describe, expect, it } from "vitest";
import { parseAllowList } from "./address-policy.js";
import { guardedFetch } from "./guarded-fetch.js";
import { SsrfBlockedError } from "./scrape-errors.js";
import { SsrfGuard } from "./ssrf-guard.js";
import { fakeLookup, loopbackOnly, startLocalSite, type LocalSite } from "./testing/local-site.js";

const sites: LocalSite[] = [];
afterEach(async () => {
  for (const s of sites.splice(0)) await s.close();
});

async function refusal(p: Promise<unknown>): Promise<SsrfBlockedError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SsrfBlockedError);
  return err as SsrfBlockedError;
}

describe("SsrfGuard.check (decision only, no connection)", () => {
  const guard = new SsrfGuard({
    lookup: fakeLookup({
      "loop.test": "127.0.0.1",
      "ten.test": "10.0.0.7",
      "mixed.test": ["93.184.216.34", "192.168.1.5"],
      "v6loop.test": "::1",
      "public.test": ["93.184.216.34", "2606:2800:220:1::1"],
    }),
  });

  it.each([
    ["http://127.0.0.1/", /127\.0\.0\.1 is loopback/],
    ["http://10.0.0.1/", /private/],
    ["http://172.16.0.1/", /private/],
    ["http://192.168.0.1/", /private/],
    ["http://169.254.169.254/latest/meta-data/", /linkLocal/],
    ["http://[::1]/", /loopback/],
    ["http://[fd00::1]/", /uniqueLocal/],
    ["http://[fe80::1]/", /linkLocal/],
    ["http://[::ffff:127.0.0.1]/", /loopback/],
    ["http://[::ffff:169.254.169.254]/", /linkLocal/],
    ["http://0177.0.0.1/", /loopback/],
    ["http://2130706433/", /loopback/],
    ["http://0.0.0.0/", /unspecified/],
    ["http://metadata.google.internal/computeMetadata/v1/", /metadata host/],
    ["http://loop.test/", /loop\.test resolves to 127\.0\.0\.1/],
    ["http://ten.test/", /resolves to 10\.0\.0\.7/],
    ["http://mixed.test/", /resolves to 192\.168\.1\.5/],
    ["http://v6loop.test/", /resolves to ::1/],
    ["http://nowhere.test/", /cannot resolve/],
    ["file:///etc/passwd", /scheme file:/],
    ["ftp://public.test/", /scheme ftp:/],
  ])("refuses %s", async (url, reason) => {
    const err = await refusal(guard.check(url));
    expect(err.reason).toMatch(reason);
    expect(err.retryable).toBe(false);
  });

  it("passes a name whose every address is public, with those addresses", async () => {
    const t = await guard.check("https://public.test/a?b=1");
    expect(t.host).toBe("public.test");
    expect(t.addresses.map((a) => a.address)).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
  });

  it("lets an allow-listed host resolve to loopback, and only that host", async () => {
    const g = new SsrfGuard({ allow: parseAllowList("loop.test"), lookup: fakeLookup({ "loop.test": "127.0.0.1", "other.test": "127.0.0.1" }) });
    expect((await g.check("http://loop.test:8080/")).addresses).toEqual([{ address: "127.0.0.1", family: 4 }]);
    await refusal(g.check("http://other.test/"));
    await refusal(g.check("http://127.0.0.1/"));
  });
});

describe("guardedFetch", () => {
  it("connects to the checked address even when the name re-resolves elsewhere (rebinding)", async () => {
    const site = await startLocalSite((_req, res) => res.end("hello from 127.0.0.1"));
    sites.push(site);
    // First answer: loopback (allow-listed for the test); every later answer: a private address.
    let n = 0;
    const calls: string[] = [];
    const guard = new SsrfGuard({
      allow: parseAllowList("127.0.0.1/32"),
      lookup: async (host) => {
        calls.push(host);
        return [{ address: n++ === 0 ? "127.0.0.1" : "10.0.0.66", family: 4 }];
      },
    });
    const safety = loopbackOnly();
    const res = await guardedFetch(guard, `http://rebind.test:${site.port}/x`, { beforeConnect: safety.beforeConnect });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("hello from 127.0.0.1");
    // One lookup (the guard's); the socket went to the pinned address without asking again.
    expect(calls).toEqual(["rebind.test"]);
    expect(safety.refused).toEqual([]);
    expect(site.requests).toEqual([`rebind.test:${site.port} /x`]);
  });

  it("follows redirects hop by hop and refuses a hop to a private address", async () => {
    const site = await startLocalSite((req, res) => {
      if (req.url === "/to-private") res.writeHead(302, { location: "http://10.0.0.5/admin" }).end();
      else if (req.url === "/to-metadata") res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      else if (req.url === "/to-name") res.writeHead(307, { location: "http://intranet.test/" }).end();
      else if (req.url === "/hop") res.writeHead(302, { location: "/final" }).end();
      else res.end(`page ${req.url}`);
    });
    sites.push(site);
    const guard = new SsrfGuard({
      allow: parseAllowList("site.test"),
      lookup: fakeLookup({ "site.test": "127.0.0.1", "intranet.test": "192.168.10.10" }),
    });
    const safety = loopbackOnly();
    const base = `http://site.test:${site.port}`;
    const ok = await guardedFetch(guard, `${base}/hop`, { beforeConnect: safety.beforeConnect });
    expect(ok).toMatchObject({ url: `${base}/final`, status: 200, redirects: [`${base}/hop`] });
    expect(ok.body.toString()).toBe("page /final");

    expect((await refusal(guardedFetch(guard, `${base}/to-private`, { beforeConnect: safety.beforeConnect }))).reason).toMatch(/10\.0\.0\.5 is private/);
    expect((await refusal(guardedFetch(guard, `${base}/to-metadata`, { beforeConnect: safety.beforeConnect }))).reason).toMatch(/169\.254\.169\.254 is linkLocal/);
    expect((await refusal(guardedFetch(guard, `${base}/to-name`, { beforeConnect: safety.beforeConnect }))).reason).toMatch(/intranet\.test resolves to 192\.168\.10\.10/);
    // The refused hops were never connected to (the guard refused before the safety net saw them).
    expect(safety.refused).toEqual([]);
    expect(site.requests.map((r) => r.split(" ")[1])).toEqual(["/hop", "/final", "/to-private", "/to-metadata", "/to-name"]);
  });

  it("stops after maxRedirects", async () => {
    const site = await startLocalSite((_req, res) => res.writeHead(302, { location: "/again" }).end());
    sites.push(site);
    const guard = new SsrfGuard({ allow: parseAllowList("127.0.0.1") });
    await expect(guardedFetch(guard, `http://127.0.0.1:${site.port}/`, { maxRedirects: 3, beforeConnect: loopbackOnly().beforeConnect })).rejects.toMatchObject({
      code: "TOO_MANY_REDIRECTS",
    });
    expect(site.requests).toHaveLength(4);
  });
});
