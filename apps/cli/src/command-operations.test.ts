import { describe, expect, it } from "vitest";
import { API_OPERATIONS, COMMAND_OPERATIONS } from "./command-operations.js";
import { buildProgram, commandPaths } from "./program.js";

describe("COMMAND_OPERATIONS", () => {
  it("has exactly one entry per command of the CLI", () => {
    expect(Object.keys(COMMAND_OPERATIONS).sort()).toEqual(commandPaths(buildProgram()).sort());
  });

  it("names only known operations, and every operation is used by some command", () => {
    const used = new Set<string>(Object.values(COMMAND_OPERATIONS).flat());
    for (const op of used) expect(API_OPERATIONS).toContain(op);
    expect([...used].sort()).toEqual([...API_OPERATIONS].sort());
  });
});
