import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { operations, roleTableMarkdown } from "@switchyard/core";
import { roleTableIn } from "./lib/role-table-markers.js";

describe("the role table in ARCHITECTURE.md", () => {
  it("is the one the registry generates (run `npm run docs:roles` after changing a permission)", () => {
    const text = readFileSync(join(import.meta.dirname, "..", "ARCHITECTURE.md"), "utf8");
    expect(roleTableIn(text)).toBe(roleTableMarkdown(operations));
  });
});
