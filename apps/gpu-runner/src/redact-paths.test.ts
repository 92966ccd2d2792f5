import { describe, expect, it } from "vitest";
import { redactPaths } from "./redact-paths.js";

describe("redactPaths", () => {
  it("replaces absolute and relative paths, file: URLs and node_modules, keeping the words around them", () => {
    expect(redactPaths("libcuda.so missing in /opt/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64 (CPU only); ok")).toBe(
      "libcuda.so missing in <path> (CPU only); ok",
    );
    expect(redactPaths("Load model from /tmp/m/broken/model.onnx failed:Protobuf parsing failed.")).toBe("Load model from <path> failed:Protobuf parsing failed.");
    expect(redactPaths("Status Message: /onnxruntime_src/core/reshape_helper.h:84 onnxruntime::ReshapeHelper")).toBe("Status Message: <path> onnxruntime::ReshapeHelper");
    expect(redactPaths("see ./models/x, ../y/z and file:///srv/a.json.")).toBe("see <path>, <path> and <path>.");
    expect(redactPaths("at C:\\srv\\runner\\main.ts:1:2 and node_modules/foo")).toBe("at <path> and <path>");
  });

  it("leaves texts without paths alone", () => {
    const text = "nvidia-smi failed: spawn nvidia-smi ENOENT; model use-lite, 512-d, application/json";
    expect(redactPaths(text)).toBe(text);
  });
});
