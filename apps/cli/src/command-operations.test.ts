import { describe, expect, it } from "vitest";
import { API_OPERATIONS, COMMAND_OPERATIONS, SESSION_ONLY_OPERATIONS } from "./command-operations.js";
import { buildProgram, commandPaths } from "./program.js";

describe("COMMAND_OPERATIONS", () => {
  it("has exactly one entry per command of the CLI", () => {
    expect(Object.keys(COMMAND_OPERATIONS).sort()).toEqual(commandPaths(buildProgram()).sort());
  });

  it("names only known operations, and every operation is used by some command or marked session only", () => {
    const used = new Set<string>(Object.values(COMMAND_OPERATIONS).flat());
    for (const op of used) expect(API_OPERATIONS).toContain(op);
    for (const op of SESSION_ONLY_OPERATIONS) expect(used.has(op), `${op} is session only`).toBe(false);
    expect([...used, ...SESSION_ONLY_OPERATIONS].sort()).toEqual([...API_OPERATIONS].sort());
  });
});
