import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR } from "../config.js";
import { silentLogger } from "../logger.js";
import { startRunnerServer, type RunnerServer } from "../server.js";
import { leaksIn } from "../testing/leak-patterns.js";
import { writeLinearModel, writeReshapeModel } from "../testing/tiny-models.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";

// Error bodies tell the client what went wrong, never where the server's code or files are.
const KEY = "error-body-key";
const LIMIT = 8 * 1024;
const root = mkdtempSync(join(tmpdir(), "runner-errors-"));
let useDir: string;

beforeAll(async () => {
  useDir = await ensureUseLite();
  writeLinearModel(join(root, "linear"), [[1], [2], [3]], [0]);
  writeReshapeModel(join(root, "reshape-fails"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Case = { name: string; path: string; init: RequestInit; status: number };

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const raw = (body: string, type = "application/json"): RequestInit => ({ method: "POST", headers: { "content-type": type }, body });
const infer = (rows: number): RequestInit => json({ inputs: [{ name: "x", shape: [rows, 3], datatype: "FP32", data: Array.from({ length: rows * 3 }, (_, i) => i) }] });

const CASES: Case[] = [
  { name: "malformed JSON (OpenAI)", path: "/v1/embeddings", init: raw("{nope"), status: 400 },
  { name: "malformed JSON (KServe)", path: "/v2/models/linear/infer", init: raw('{"inputs": ['), status: 400 },
  { name: "empty body", path: "/v1/embeddings", init: raw(""), status: 400 },
  { name: "wrong content type", path: "/v1/classify", init: raw("x", "text/plain"), status: 400 },
  { name: "invalid field", path: "/v1/similarity", init: json({ query: "q", candidates: [] }), status: 400 },
  { name: "unknown model (OpenAI)", path: "/v1/embeddings", init: json({ model: "no-such-model", input: "x" }), status: 404 },
  { name: "unknown model (KServe metadata)", path: "/v2/models/no-such-model", init: {}, status: 404 },
  { name: "unknown model (KServe infer)", path: "/v2/models/no-such-model/infer", init: infer(1), status: 404 },
  { name: "unknown route", path: "/v1/nothing-here", init: {}, status: 404 },
  { name: "oversized body (OpenAI)", path: "/v1/embeddings", init: json({ input: "x".repeat(LIMIT * 2) }), status: 413 },
  { name: "oversized body (KServe)", path: "/v2/models/linear/infer", init: json({ inputs: [], pad: "y".repeat(LIMIT * 2) }), status: 413 },
  { name: "internal error: ONNX Runtime fails at run time", path: "/v2/models/reshape-fails/infer", init: infer(1), status: 500 },
];

describe.each(["worker", "inline"] as const)("error bodies with the %s session host", (sessionHost) => {
  let server: RunnerServer;
  beforeAll(async () => {
    server = await startRunnerServer(
      {
        host: "127.0.0.1",
        port: 0,
        modelsDir: root,
        extraModelDirs: [useDir],
        autoExport: false,
        warmup: false,
        sessionHost,
        sessionReplicas: 1,
        apiKeys: [KEY],
        logLevel: "silent",
        http: { bodyLimitBytes: LIMIT, maxInputs: 16 },
      },
      { logger: silentLogger },
    );
  });
  afterAll(() => server?.close());

  it("carry no stack frame, source location or server path, whatever the error", async () => {
    const withKey = CASES.map((c) => ({ ...c, init: { ...c.init, headers: { ...(c.init.headers as Record<string, string>), authorization: `Bearer ${KEY}` } } }));
    const unauthorized: Case = { name: "unknown key", path: "/v1/embeddings", init: { ...json({ input: "x" }), headers: { authorization: "Bearer wrong" } }, status: 401 };
    for (const c of [...withKey, unauthorized]) {
      const res = await fetch(server.url + c.path, c.init);
      const text = await res.text();
      expect(res.status, c.name).toBe(c.status);
      const body = JSON.parse(text) as { error: unknown; code?: string };
      expect(body.error, c.name).toBeTruthy();
      expect(leaksIn(text, [root, useDir, PACKAGE_DIR]), `${c.name}: ${text}`).toEqual([]);
    }
  });

  it("an internal error still says which kind it was", async () => {
    const res = await fetch(`${server.url}/v2/models/reshape-fails/infer`, { ...infer(1), headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" } });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: "inference_failed", error: expect.stringMatching(/inference failed/) });
    // The model loaded and is served: the 500 came from the run, not from setup.
    const meta = await fetch(`${server.url}/v2/models/reshape-fails`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(await meta.json()).toMatchObject({ parameters: { kserve_infer: true } });
  });
});
