import { describe, expect, it } from "vitest";
import { groupSecret, svgDataUrl } from "./svg-data-url";

describe("svgDataUrl", () => {
  it("encodes the document (UTF-8) as a base64 data: URL for an <img>", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>QR · é</title></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    expect(Buffer.from(url.split(",")[1] ?? "", "base64").toString("utf8")).toBe(svg);
  });

  it("groups a secret in fours for typing", () => {
    expect(groupSecret("JBSWY3DPEHPK3PXPAB")).toBe("JBSW Y3DP EHPK 3PXP AB");
  });
});
