import { describe, expect, it } from "vitest";
import { operations } from "@switchyard/core";
import { API_OPERATIONS, COMMAND_OPERATIONS } from "../src/command-operations.js";

/** The CLI is checked against the operation registry: it knows exactly the registry's operations and uses every one. */
describe("CLI and the operation registry", () => {
  it("names exactly the registry's operations", () => {
    expect([...API_OPERATIONS].sort()).toEqual(operations.map((o) => o.name).sort());
  });

  it("has a command for every operation", () => {
    const used = new Set(Object.values(COMMAND_OPERATIONS).flat());
    expect(operations.map((o) => o.name).filter((name) => !used.has(name))).toEqual([]);
  });
});
