import { parentPort } from "node:worker_threads";
import type { InferenceSession } from "onnxruntime-node";
import type { HostTensor } from "../onnx/tensor-types.js";
import { createSession, runSession } from "./ort-session.js";
import type { HostRequest, HostResponse } from "./session-protocol.js";

/**
 * The session thread: owns the ONNX Runtime sessions and runs them one call at a time.
 * onnxruntime-node's run() is synchronous inside (its promise resolves after the native call
 * returned on the calling thread), so running it here keeps the HTTP event loop free.
 */

const port = parentPort;
if (!port) throw new Error("session-thread must run in a worker thread");

const sessions = new Map<string, InferenceSession>();

function transferList(outputs: Record<string, HostTensor>): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  for (const t of Object.values(outputs)) {
    const buf = t.data.buffer;
    if (buf instanceof ArrayBuffer && t.data.byteOffset === 0 && t.data.byteLength === buf.byteLength && !list.includes(buf)) list.push(buf);
  }
  return list;
}

function reply(msg: HostResponse, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(msg, transfer);
}

function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") return err.code;
  return "INFERENCE_FAILED";
}

async function handle(msg: HostRequest): Promise<void> {
  try {
    switch (msg.kind) {
      case "load": {
        const old = sessions.get(msg.modelId);
        if (old) await old.release();
        const { session, info } = await createSession(msg.path, msg.provider, msg.tuning);
        sessions.set(msg.modelId, session);
        reply({ kind: "loaded", id: msg.id, info });
        return;
      }
      case "run": {
        const session = sessions.get(msg.modelId);
        if (!session) throw Object.assign(new Error(`model ${msg.modelId} is not loaded`), { code: "MODEL_NOT_FOUND" });
        const started = performance.now();
        const outputs = await runSession(session, msg.feeds, msg.outputs);
        reply({ kind: "result", id: msg.id, outputs, computeMs: performance.now() - started }, transferList(outputs));
        return;
      }
      case "unload": {
        const s = sessions.get(msg.modelId);
        sessions.delete(msg.modelId);
        if (s) await s.release();
        reply({ kind: "done", id: msg.id });
        return;
      }
      case "close": {
        for (const s of sessions.values()) await s.release();
        sessions.clear();
        reply({ kind: "done", id: msg.id });
        return;
      }
    }
  } catch (err) {
    reply({ kind: "error", id: msg.id, message: err instanceof Error ? err.message : String(err), code: errorCode(err) });
  }
}

// One message at a time, in order: sessions are not run concurrently.
let chain: Promise<void> = Promise.resolve();
port.on("message", (msg: HostRequest) => {
  chain = chain.then(() => handle(msg));
});
