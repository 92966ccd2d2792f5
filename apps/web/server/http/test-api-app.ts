import { initTRPC } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { z } from "zod";
import { MAX_BODY_BYTES } from "@switchyard/shared";

/**
 * Test support: a stand-in for @switchyard/api's createApiApp with the same shape (REST under
 * /api/v1, tRPC under /api/trpc through the fetch adapter, a docs page outside /api, its own
 * error handler). Its REST route caps bodies as the real JSON reader does; its tRPC route
 * reads whole bodies with no cap, as tRPC's fetch adapter does, so only the shell bounds it.
 */
export function createTestApiApp(seen: { bodies: number[] } = { bodies: [] }): Hono {
  const t = initTRPC.create({ isDev: false });
  const router = t.router({
    echo: t.procedure.input(z.unknown()).mutation(({ input }) => {
      const bytes = JSON.stringify(input ?? null).length;
      seen.bodies.push(bytes);
      return { bytes };
    }),
  });

  const app = new Hono();
  app.onError((_err, c) => c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500));
  app.get("/api/v1/health", (c) => c.json({ status: "ok" }));
  // Like the REST routes' JSON reader: a declared or streamed body over the cap is a 413.
  app.post("/api/v1/echo", async (c) => {
    const tooLarge = () => c.json({ error: { code: "PAYLOAD_TOO_LARGE", message: "request body is too large" } }, 413);
    if (Number(c.req.header("content-length") ?? "0") > MAX_BODY_BYTES) return tooLarge();
    let bytes = 0;
    const reader = c.req.raw.body?.getReader();
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const, value: undefined };
      if (next.done) break;
      bytes += next.value.byteLength;
      if (bytes > MAX_BODY_BYTES) {
        await reader?.cancel().catch(() => undefined);
        return tooLarge();
      }
    }
    seen.bodies.push(bytes);
    return c.json({ bytes });
  });
  app.get("/api/v1/boom", () => {
    throw new Error(`exploded in ${import.meta.url}`);
  });
  app.get("/docs", (c) => c.html("<!doctype html><title>docs</title><p>docs</p>"));
  app.all("/api/trpc/*", (c) =>
    fetchRequestHandler({ endpoint: "/api/trpc", req: c.req.raw, router, createContext: () => ({}) }),
  );
  app.all("/api/*", (c) => c.json({ error: { code: "NOT_FOUND", message: "no such route" } }, 404));
  return app;
}
