import { PRIORITIES, type Priority } from "@switchyard/shared";
import { Hono } from "hono";
import { z } from "zod";
import { InvalidInputError, ModelNotFoundError, RunnerError } from "../errors.js";
import { hasDynamicBatch, isSupportedType } from "../models/tensor-model.js";
import { allocData, elementCount, type ElemType, type HostTensor } from "../onnx/tensor-types.js";
import type { Runner } from "../runner.js";
import { kserveError, validationError } from "./error-response.js";
import { clientGone, readJson, requestHints } from "./read-json.js";
import { noteModel } from "./request-metrics.js";

/**
 * KServe v2 (Open Inference Protocol) over HTTP/JSON: server and model metadata, model
 * readiness and infer for the registered ONNX models with a dynamic batch dimension
 * (the server's health probes are public: health-routes.ts). Concurrent infer calls to one
 * model are batched together by the runner's batcher.
 */

const DATATYPE: Record<ElemType, string> = {
  float32: "FP32",
  float64: "FP64",
  int32: "INT32",
  int64: "INT64",
  bool: "BOOL",
  uint8: "UINT8",
  int8: "INT8",
};
const FROM_DATATYPE = new Map<string, ElemType>(Object.entries(DATATYPE).map(([k, v]) => [v, k as ElemType]));

const inferBody = z.object({
  id: z.string().max(200).optional(),
  inputs: z
    .array(
      z.object({
        name: z.string().min(1),
        shape: z.array(z.number().int().nonnegative()),
        datatype: z.string(),
        data: z.array(z.unknown()),
        parameters: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
  outputs: z.array(z.object({ name: z.string().min(1) })).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

function flatten(data: readonly unknown[], out: unknown[] = []): unknown[] {
  for (const v of data) {
    if (Array.isArray(v)) flatten(v, out);
    else out.push(v);
  }
  return out;
}

function toTensor(input: z.infer<typeof inferBody>["inputs"][number], index: number): HostTensor {
  const param = `inputs[${index}]`;
  const type = FROM_DATATYPE.get(input.datatype);
  if (!type) throw new InvalidInputError(`${param}.datatype ${input.datatype} is not supported (use ${[...FROM_DATATYPE.keys()].join(", ")})`, `${param}.datatype`);
  const values = flatten(input.data);
  const count = elementCount(input.shape);
  if (values.length !== count) throw new InvalidInputError(`${param}: shape [${input.shape.join(",")}] needs ${count} values, data has ${values.length}`, `${param}.data`);
  const data = allocData(type, count);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (type === "bool") {
      if (typeof v !== "boolean") throw new InvalidInputError(`${param}.data[${i}] must be a boolean`, `${param}.data`);
      (data as Uint8Array)[i] = v ? 1 : 0;
    } else if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidInputError(`${param}.data[${i}] must be a finite number`, `${param}.data`);
    } else if (type === "int64") {
      if (!Number.isInteger(v)) throw new InvalidInputError(`${param}.data[${i}] must be an integer`, `${param}.data`);
      (data as BigInt64Array)[i] = BigInt(v);
    } else if (type === "float32" || type === "float64") {
      (data as Float32Array | Float64Array)[i] = v;
    } else {
      if (!Number.isInteger(v)) throw new InvalidInputError(`${param}.data[${i}] must be an integer`, `${param}.data`);
      (data as Int32Array | Uint8Array | Int8Array)[i] = v;
    }
  }
  return { type, dims: [...input.shape], data };
}

function toJsonData(t: HostTensor): Array<number | boolean> {
  if (t.type === "bool") return Array.from(t.data as Uint8Array, (v) => v !== 0);
  if (t.type === "int64") return Array.from(t.data as BigInt64Array, (v) => Number(v));
  return Array.from(t.data as Float32Array);
}

export function kserveRoutes(runner: Runner): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    if (!(err instanceof RunnerError)) runner.logger.error("request failed", { path: c.req.path, error: err instanceof Error ? err.message : String(err) });
    // Bodies refused while reading (chunked uploads); announced sizes are counted in app.ts.
    else if (err.code === "PAYLOAD_TOO_LARGE") runner.metrics.refusals.inc({ reason: "payload_too_large" });
    return kserveError(c, err);
  });

  app.get("/", (c) => c.json({ name: "switchyard-gpu-runner", version: "1", extensions: [] }));

  const modelOr404 = (name: string) => {
    const m = runner.models.get(name);
    if (!m) throw new ModelNotFoundError(name, null);
    return m;
  };

  app.get("/models/:name", (c) => {
    const m = modelOr404(c.req.param("name"));
    const dims = (d: ReadonlyArray<number | string>) => d.map((x) => (typeof x === "number" && x >= 0 ? x : -1));
    return c.json({
      name: m.id,
      versions: ["1"],
      platform: "onnxruntime_onnx",
      inputs: m.session.inputs.map((i) => ({ name: i.name, datatype: isSupportedType(i.type) ? DATATYPE[i.type] : i.type, shape: dims(i.dims) })),
      outputs: m.session.outputs.map((o) => ({ name: o.name, datatype: isSupportedType(o.type) ? DATATYPE[o.type] : o.type, shape: dims(o.dims) })),
      parameters: { task: m.manifest.task, kserve_infer: m.kserve && hasDynamicBatch(m.session), provider: runner.provider.active },
    });
  });

  app.get("/models/:name/ready", (c) => {
    const m = modelOr404(c.req.param("name"));
    const ready = runner.accepting;
    return c.json({ name: m.id, ready }, ready ? 200 : 503);
  });

  app.post("/models/:name/infer", async (c) => {
    const name = c.req.param("name");
    noteModel(c, modelOr404(name).id);
    const parsed = inferBody.safeParse(await readJson(c, runner.config.http.bodyLimitBytes));
    if (!parsed.success) throw validationError(parsed.error.issues);
    const body = parsed.data;
    const inputs: Record<string, HostTensor> = {};
    body.inputs.forEach((inp, i) => {
      if (inputs[inp.name]) throw new InvalidInputError(`input ${inp.name} given twice`, `inputs[${i}].name`);
      inputs[inp.name] = toTensor(inp, i);
    });
    const hints = requestHints(c);
    if (hints.priority !== undefined && !(PRIORITIES as readonly string[]).includes(hints.priority)) {
      throw new InvalidInputError(`X-Priority must be one of ${PRIORITIES.join(", ")}`, "X-Priority");
    }
    const outputs = await runner.infer(name, inputs, {
      ...(hints.priority ? { priority: hints.priority as Priority } : {}),
      ...(hints.deadlineMs !== undefined ? { deadlineMs: hints.deadlineMs } : {}),
      signal: clientGone(c),
    });
    const wanted = body.outputs?.map((o) => o.name);
    const names = wanted ?? Object.keys(outputs);
    const missing = names.filter((n) => !outputs[n]);
    if (missing.length) throw new InvalidInputError(`unknown outputs: ${missing.join(", ")}`, "outputs");
    return c.json({
      model_name: name,
      model_version: "1",
      ...(body.id !== undefined ? { id: body.id } : {}),
      outputs: names.map((n) => {
        const t = outputs[n] as HostTensor;
        return { name: n, shape: t.dims, datatype: DATATYPE[t.type], data: toJsonData(t) };
      }),
    });
  });

  return app;
}
