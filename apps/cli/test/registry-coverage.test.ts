import { describe, expect, it } from "vitest";
import { operations } from "@switchyard/core";
import { API_OPERATIONS, COMMAND_OPERATIONS, SESSION_ONLY_OPERATIONS } from "../src/command-operations.js";

/**
 * The CLI is checked against the operation registry: it knows exactly the registry's operations
 * and uses every one, except those the registry marks session only (dashboard cookie, no token).
 */
describe("CLI and the operation registry", () => {
  it("names exactly the registry's operations", () => {
    expect([...API_OPERATIONS].sort()).toEqual(operations.map((o) => o.name).sort());
  });

  it("marks as session only exactly the registry's sessionOnly operations", () => {
    const sessionOnly = operations.filter((o) => "sessionOnly" in o && o.sessionOnly === true).map((o) => o.name);
    expect([...SESSION_ONLY_OPERATIONS].sort()).toEqual(sessionOnly.sort());
  });

  it("has a command for every operation that is not session only, and none for those that are", () => {
    const used = new Set<string>(Object.values(COMMAND_OPERATIONS).flat());
    const cliOps = operations.filter((o) => !("sessionOnly" in o && o.sessionOnly === true)).map((o) => o.name);
    expect(cliOps.filter((name) => !used.has(name))).toEqual([]);
    expect(SESSION_ONLY_OPERATIONS.filter((name) => used.has(name))).toEqual([]);
  });
});
