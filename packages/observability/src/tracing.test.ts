import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-node";
import { createLogger } from "./logger.js";
import { startTracing, type Tracing } from "./tracing.js";
import { activeTraceCarrier, activeTraceIds, inSpan, tracingOn } from "./tracing-context.js";
import { tracingEnvShape } from "./tracing-env.js";
import { z } from "zod";

let tracing: Tracing | null = null;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = null;
});

/** OTLP/HTTP JSON as the collector receives it (only the fields asserted here). */
interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ spans: Array<{ name: string; traceId: string; spanId: string; parentSpanId?: string; attributes: Array<{ key: string }> }> }>;
  }>;
}

/** A local OTLP/HTTP receiver: POST /v1/traces, answered as a collector does (200, an empty partial-success JSON). */
async function startOtlpReceiver(): Promise<{ url: string; received: Array<{ contentType: string; body: OtlpExport }>; close(): Promise<void> }> {
  const received: Array<{ contentType: string; body: OtlpExport }> = [];
  const read = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") return void res.writeHead(404).end();
      const contentType = req.headers["content-type"] ?? "";
      received.push({ contentType, body: JSON.parse(await read(req)) as OtlpExport });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe("tracing", () => {
  it("is off without an endpoint or exporter: nothing registered, no carrier, no trace ids, spans record nothing", async () => {
    expect(startTracing({ serviceName: "t", sampleRatio: 1 })).toBeNull();
    expect(tracingOn()).toBe(false);
    await inSpan("op", {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(activeTraceCarrier()).toBeNull();
      expect(activeTraceIds()).toBeUndefined();
    });
  });

  it("keeps each span's children across awaits while other spans open and close around it, and after all were closed", async () => {
    // The async context is switched off whenever no span is open and on again by the next one:
    // parentage must hold through overlapping spans (one ending while another is still open)
    // and for a span started after everything had ended.
    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ serviceName: "t", sampleRatio: 1, exporter });
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));
    let releaseA: () => void = () => undefined;
    const aMayEnd = new Promise<void>((r) => (releaseA = r));
    const a = inSpan("a", {}, async () => {
      await aMayEnd;
    });
    const b = inSpan("b", {}, async () => {
      await tick();
      releaseA();
      await a; // "a" has ended; "b" is still open
      await tick();
      await inSpan("b-child", {}, async () => tick());
    });
    await Promise.all([a, b]);
    await tick();
    await inSpan("c", {}, async () => {
      await tick();
      await inSpan("c-child", {}, async () => tick());
    });
    await tracing?.forceFlush();
    const spans = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
    const parentOf = (name: string): string | undefined => spans.get(name)?.parentSpanContext?.spanId;
    expect(parentOf("b-child")).toBe(spans.get("b")?.spanContext().spanId);
    expect(parentOf("c-child")).toBe(spans.get("c")?.spanContext().spanId);
    expect(parentOf("a")).toBeUndefined();
    expect(parentOf("c")).toBeUndefined();
    expect(spans.get("c")?.spanContext().traceId).not.toBe(spans.get("b")?.spanContext().traceId);
  });

  it("records nested spans as one trace, carries the context as traceparent and continues it from a carrier", async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ serviceName: "t", sampleRatio: 1, exporter });
    let carrier: Record<string, string> | null = null;
    await inSpan("parent", { kind: "server" }, async () => {
      await inSpan("child", {}, async () => {
        carrier = activeTraceCarrier();
      });
    });
    // As a worker would, in another "process": the carrier is the only link.
    await inSpan("remote", { kind: "consumer", parent: carrier }, async () => undefined);
    await tracing?.forceFlush();
    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const parent = byName.get("parent");
    const child = byName.get("child");
    const remote = byName.get("remote");
    expect(carrier).toMatchObject({ traceparent: `00-${parent?.spanContext().traceId}-${child?.spanContext().spanId}-01` });
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(remote?.parentSpanContext?.spanId).toBe(child?.spanContext().spanId);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it("records a failure on the span, but not a caller's error marked expected", async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ serviceName: "t", sampleRatio: 1, exporter });
    await expect(inSpan("fails", {}, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(inSpan("refused", { expected: () => true }, async () => Promise.reject(new Error("bad input")))).rejects.toThrow();
    await tracing?.forceFlush();
    const status = Object.fromEntries(exporter.getFinishedSpans().map((s) => [s.name, s.status.code]));
    expect(status).toEqual({ fails: 2, refused: 0 });
  });

  it("does not carry an unsampled trace on (ratio 0: no span recorded, no traceparent for a job, the async context left off)", async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ serviceName: "t", sampleRatio: 0, exporter });
    await inSpan("op", {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      await Promise.resolve();
      // Not made active: other requests in flight pay no async-context hooks for a dropped span.
      expect(trace.getSpan(context.active())).toBeUndefined();
      expect(activeTraceCarrier()).toBeNull();
      expect(activeTraceIds()).toBeUndefined();
    });
    await tracing?.forceFlush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("puts trace_id and span_id in the structured log lines written inside a sampled span, and none outside", async () => {
    tracing = startTracing({ serviceName: "t", sampleRatio: 1, exporter: new InMemorySpanExporter() });
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger("t", "info", { pretty: false, destination: sink });
    let ids: { trace_id: string; span_id: string } | undefined;
    log.info("outside", { n: 1 });
    await inSpan("op", {}, async () => {
      ids = activeTraceIds();
      log.info("inside", { n: 2 });
    });
    expect(lines[0]).not.toHaveProperty("trace_id");
    expect(lines[1]).toMatchObject({ msg: "inside", n: 2, trace_id: ids?.trace_id, span_id: ids?.span_id });
    expect(ids?.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("exports over OTLP/HTTP to a receiver speaking the real protocol (JSON), with the service name", async () => {
    const receiver = await startOtlpReceiver();
    try {
      tracing = startTracing({ serviceName: "switchyard-test", sampleRatio: 1, otlpEndpoint: `${receiver.url}/` });
      await inSpan("submit-task", { kind: "server", attributes: { "switchyard.operation": "submit-task" } }, async () => {
        await inSpan("task diagnostic.noop", {}, async () => undefined);
      });
      await tracing?.shutdown();
      expect(receiver.received.length).toBeGreaterThan(0);
      expect(receiver.received[0]?.contentType).toMatch(/^application\/json/);
      const resourceSpans = receiver.received.flatMap((r) => r.body.resourceSpans);
      const service = resourceSpans[0]?.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue;
      expect(service).toBe("switchyard-test");
      const spans = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
      const op = spans.find((s) => s.name === "submit-task");
      const task = spans.find((s) => s.name === "task diagnostic.noop");
      expect(op?.attributes.map((a) => a.key)).toContain("switchyard.operation");
      expect(task?.traceId).toBe(op?.traceId);
      expect(task?.parentSpanId).toBe(op?.spanId);
    } finally {
      await receiver.close();
    }
  });

  it("reads its settings from the environment: off when the endpoint is unset or empty, 0.1 by default", () => {
    const schema = z.object(tracingEnvShape);
    expect(schema.parse({})).toEqual({ OTEL_TRACES_SAMPLER_RATIO: 0.1 });
    expect(schema.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "" }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(schema.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_TRACES_SAMPLER_RATIO: "1" })).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_TRACES_SAMPLER_RATIO: 1,
    });
    expect(schema.safeParse({ OTEL_TRACES_SAMPLER_RATIO: "2" }).success).toBe(false);
  });
});
