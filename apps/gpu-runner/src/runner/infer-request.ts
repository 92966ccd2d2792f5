import { PendingRequest } from "../engine/pending-request.js";
import { InferenceError, InvalidInputError, UnsupportedError } from "../errors.js";
import { hasDynamicBatch, isSupportedType } from "../models/tensor-model.js";
import { elementCount, type HostTensor } from "../onnx/tensor-types.js";
import type { InferOptions } from "../runner-api.js";
import type { Admission } from "./admission.js";
import type { SubmitWork } from "./submit-work.js";
import type { TensorItem } from "./work-item.js";

type Infer = (name: string, inputs: Record<string, HostTensor>, options?: InferOptions) => Promise<Record<string, HostTensor>>;

/**
 * Tensor inference (KServe v2): check the inputs against the model's signature and queue the
 * rows as one part; requests with equal non-batch dims share a batch.
 */
export function createInfer(args: { admission: Admission; submit: SubmitWork }): Infer {
  const { admission, submit } = args;
  return async (name, inputs, options = {}) => {
    admission.admit();
    const model = admission.resolveModel(name);
    if (!model.kserve) throw new UnsupportedError(`model ${model.id} is not served on the tensor (KServe v2) API`, "model");
    if (!hasDynamicBatch(model.session)) throw new UnsupportedError(`model ${model.id} has no dynamic batch dimension`, "model");
    const priority = options.priority ?? "normal";
    const deadline = admission.deadlineAt(options.deadlineMs);
    let rows = -1;
    const signature: string[] = [];
    for (const spec of model.session.inputs) {
      const t = inputs[spec.name];
      if (!t) throw new InvalidInputError(`input ${spec.name} is missing`, `inputs.${spec.name}`);
      if (!isSupportedType(spec.type) || t.type !== spec.type) throw new InvalidInputError(`input ${spec.name} must be ${spec.type}, got ${t.type}`, `inputs.${spec.name}`);
      if (t.dims.length !== spec.dims.length) throw new InvalidInputError(`input ${spec.name} must have rank ${spec.dims.length}, got [${t.dims.join(",")}]`, `inputs.${spec.name}`);
      spec.dims.forEach((d, i) => {
        if (i > 0 && typeof d === "number" && d >= 0 && t.dims[i] !== d) throw new InvalidInputError(`input ${spec.name} dim ${i} must be ${d}, got ${t.dims[i]}`, `inputs.${spec.name}`);
      });
      if (elementCount(t.dims) !== t.data.length) throw new InvalidInputError(`input ${spec.name}: shape [${t.dims.join(",")}] does not match ${t.data.length} values`, `inputs.${spec.name}`);
      const r = t.dims[0] ?? 0;
      if (rows >= 0 && r !== rows) throw new InvalidInputError(`all inputs need the same batch size (${rows} vs ${r} for ${spec.name})`, `inputs.${spec.name}`);
      rows = r;
      signature.push(`${spec.name}:${t.type}:${t.dims.slice(1).join("x")}`);
    }
    const extra = Object.keys(inputs).filter((k) => !model.session.inputs.some((s) => s.name === k));
    if (extra.length) throw new InvalidInputError(`unknown inputs: ${extra.join(", ")}`, "inputs");
    if (rows <= 0) throw new InvalidInputError("batch dimension must be at least 1", "inputs");
    const req = new PendingRequest<Record<string, HostTensor>>(1);
    const item: TensorItem = { kind: "tensor", model, inputs, rows, req, index: 0 };
    const [result] = await submit(req, [{ item, slots: rows, groupKey: `${model.id}|${signature.join("|")}` }], priority, deadline, options.signal);
    if (!result) throw new InferenceError("no result");
    return result;
  };
}
