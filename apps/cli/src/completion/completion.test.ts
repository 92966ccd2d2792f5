import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../../test/cli-process.js";
import { buildProgram, commandPaths } from "../program.js";
import { fishCompletion } from "./fish-completion.js";
import { zshCompletion } from "./zsh-completion.js";

const topLevel = commandPaths(buildProgram()).filter((p) => !p.includes(" "));

/** Ask the generated bash completion what it offers after `words` (the last one being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(" ");
  const probe = `${script}\nCOMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _switchyard_completion; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["--norc", "--noprofile"], { input: probe, encoding: "utf8" });
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter((l) => l !== "");
}

describe("completion", () => {
  it("bash: printed by the real CLI, valid bash, mentions every top-level command", async () => {
    const r = await runCli(["completion", "bash"]);
    expect(r.code, r.stderr).toBe(0);
    for (const cmd of topLevel) expect(r.stdout).toContain(cmd);
    const syntax = spawnSync("bash", ["-n"], { input: r.stdout, encoding: "utf8" });
    expect(syntax.status, syntax.stderr).toBe(0);

    expect(bashComplete(r.stdout, ["switchyard", ""]).sort()).toEqual([...topLevel].sort());
    expect(bashComplete(r.stdout, ["switchyard", "pools", "re"])).toEqual(["resume", "reset"]);
    expect(bashComplete(r.stdout, ["switchyard", "pools", "pause", ""])).toContain("batch");
    expect(bashComplete(r.stdout, ["switchyard", "submit", "x", "--priority", ""])).toEqual(["critical", "high", "normal", "low", "bulk"]);
    expect(bashComplete(r.stdout, ["switchyard", "--json", "dead-letters", "redrive", "--filter-p"])).toEqual(["--filter-pool"]);
    expect(bashComplete(r.stdout, ["switchyard", "audit", ""])).toEqual(["list", "show", "verify", "export", "public-key"]);
    expect(bashComplete(r.stdout, ["switchyard", "security", "require-mfa", ""])).toEqual(["on", "off"]);
    expect(bashComplete(r.stdout, ["switchyard", "tokens", "create", "ci", "--role", ""])).toEqual(["admin", "operator", "submitter", "viewer", "auditor"]);
    expect(bashComplete(r.stdout, ["switchyard", "audit", "list", "--outcome", "denied_r"])).toEqual(["denied_role"]);
    expect(bashComplete(r.stdout, ["switchyard", "users", "create", "a@b.c", "--pass"])).toEqual(["--password-stdin"]);
    // A value that happens to be a command name doesn't change the command.
    expect(bashComplete(r.stdout, ["switchyard", "list", "--type", "pools", "--st"])).toEqual(["--status"]);
  });

  it("zsh and fish scripts name every command path", () => {
    const program = buildProgram();
    const zsh = zshCompletion(program);
    const fish = fishCompletion(program);
    expect(zsh.startsWith("#compdef switchyard")).toBe(true);
    for (const path of commandPaths(program)) {
      expect(zsh).toContain(`'${path}'`);
      expect(fish).toContain(`'${path}'`);
    }
    for (const shell of ["zsh", "fish"] as const) {
      const check = spawnSync(shell, ["-n"], { input: shell === "zsh" ? zsh : fish, encoding: "utf8" });
      if (check.error) continue; // that shell isn't installed here
      expect(check.status, check.stderr).toBe(0);
    }
  });
});
