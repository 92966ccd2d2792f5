import { CommanderError, type Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, commandPaths, forEachCommand } from "./program.js";

/** Parse argv with a fresh command tree, capturing what commander prints. */
async function parse(argv: string[]): Promise<{ out: string; err: string; error: unknown }> {
  const program: Command = buildProgram();
  let out = "";
  let err = "";
  forEachCommand(program, (c) =>
    c.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s), getOutHelpWidth: () => 100 }),
  );
  let error: unknown = null;
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    error = e;
  }
  return { out, err, error };
}

describe("--help", () => {
  const paths = commandPaths(buildProgram());

  it.each(paths)("switchyard %s --help", async (path) => {
    const { out, error } = await parse([...path.split(" "), "--help"]);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(0);
    expect(out).toContain(`Usage: switchyard ${path}`);
  });

  it("the root help lists every top-level command and documents the exit codes", async () => {
    const { out } = await parse(["--help"]);
    for (const p of paths.filter((x) => !x.includes(" "))) expect(out).toMatch(new RegExp(`^  ${p}\\b`, "m"));
    expect(out).toMatch(/^Exit codes:/m);
    for (const code of ["0", "1", "2", "3", "4", "5", "6", "130"]) expect(out).toMatch(new RegExp(`^  ${code}\\s`, "m"));
    expect(out).toMatch(/NO_COLOR/);
    expect(out).toMatch(/SWITCHYARD_URL/);
  });

  it("submit --help says what --wait exits with and that Ctrl-C does not cancel", async () => {
    const { out } = await parse(["submit", "--help"]);
    expect(out).toMatch(/Exit code 0 when the task completed, 1 when it ended dead or\s+cancelled/);
    expect(out).toMatch(/WITHOUT cancelling/);
  });

  it("an unknown command or option is a usage error", async () => {
    const unknown = await parse(["frobnicate"]);
    expect(unknown.err).toMatch(/unknown command 'frobnicate'/);
    expect((unknown.error as CommanderError).exitCode).not.toBe(0);
    const badOption = await parse(["list", "--frob"]);
    expect(badOption.err).toMatch(/unknown option '--frob'/);
  });
});
