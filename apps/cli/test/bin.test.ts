import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { CLI_BIN, cliEnv } from "./cli-process.js";

describe("bin/switchyard.mjs", () => {
  it("runs the CLI from any directory", () => {
    const r = spawnSync(process.execPath, [CLI_BIN, "--version"], { cwd: tmpdir(), env: cliEnv(), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(r.stdout.trim()).toBe(version);
  });
});
