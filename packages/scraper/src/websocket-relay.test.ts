import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "./address-policy.js";
import { BrowserPool } from "./browser-pool.js";
import { PageScraper } from "./page-scraper.js";
import { SsrfGuard } from "./ssrf-guard.js";
import { fakeLookup, loopbackOnly, startLocalSite, type LocalSite } from "./testing/local-site.js";

// A page on 127.0.0.1 whose script opens a WebSocket to an allowed host (relayed through Node,
// pinned to the checked address) and one to a name resolving to loopback (refused).
let site: LocalSite;
let pool: BrowserPool;
const safety = loopbackOnly();
const received: string[] = [];

beforeAll(async () => {
  site = await startLocalSite((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>ws</title><body><p>sockets</p><script>
      const ok = new WebSocket("ws://site-a.test:${site.port}/echo");
      ok.onopen = () => ok.send("ping from page");
      ok.onmessage = (e) => { document.title = "echo: " + e.data; document.body.dataset.echo = "1"; };
      const bad = new WebSocket("ws://evil.test:${site.port}/echo");
      bad.onclose = () => { document.body.dataset.bad = "closed"; };
    </script></body>`);
  });
  pool = new BrowserPool({
    guard: new SsrfGuard({ allow: parseAllowList("site-a.test"), lookup: fakeLookup({ "site-a.test": "127.0.0.1", "evil.test": "127.0.0.1" }) }),
    concurrency: 1,
    fetchOptions: { beforeConnect: safety.beforeConnect },
  });
});

afterAll(async () => {
  await pool?.close();
  await site?.close();
});

describe("WebSockets through the guard", () => {
  it("relays an allowed WebSocket through Node and refuses one to a name resolving to loopback", async () => {
    // A minimal RFC 6455 echo for short text frames (enough for this test).
    site.onUpgrade((req, socket) => {
      const key = String(req.headers["sec-websocket-key"]);
      const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      socket.on("data", (frame: Buffer) => {
        const opcode = (frame[0] ?? 0) & 0x0f;
        if (opcode !== 1) return void socket.end();
        const len = (frame[1] ?? 0) & 0x7f;
        const mask = frame.subarray(2, 6);
        const text = Buffer.from(frame.subarray(6, 6 + len).map((b, i) => b ^ (mask[i % 4] ?? 0))).toString();
        received.push(`${req.headers.host ?? ""} ${text}`);
        const reply = Buffer.from(`echo ${text}`);
        socket.write(Buffer.concat([Buffer.from([0x81, reply.length]), reply]));
      });
      socket.on("error", () => undefined);
    });
    const scraper = new PageScraper({ guard: new SsrfGuard({ allow: parseAllowList("site-a.test"), lookup: fakeLookup({ "site-a.test": "127.0.0.1" }) }), pool, fetchOptions: { beforeConnect: safety.beforeConnect } });
    const page = await scraper.scrape(`http://site-a.test:${site.port}/`, { waitForSelector: "body[data-bad=closed][data-echo]" });
    expect(page.title).toBe("echo: echo ping from page");
    expect(page.blockedRequests).toEqual([{ url: `ws://evil.test:${site.port}/echo`, kind: "websocket", reason: expect.stringMatching(/evil\.test resolves to 127\.0\.0\.1/) }]);
    // The allowed socket reached the server through Node (Host header of the checked name) and its echo reached the page.
    expect(received).toEqual([`site-a.test:${site.port} ping from page`]);
    expect(safety.refused).toEqual([]);
  });
});
