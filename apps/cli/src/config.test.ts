import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfigPath, DEFAULT_URL, resolveConfig } from "./config.js";
import { CliError } from "./exit-codes.js";

function configHome(content: unknown): string {
  const home = mkdtempSync(join(tmpdir(), "sy-cli-cfg-"));
  mkdirSync(join(home, "switchyard"));
  writeFileSync(join(home, "switchyard", "config.json"), JSON.stringify(content));
  return home;
}

describe("resolveConfig", () => {
  const file = { url: "http://file.example:1", token: "file-token" };

  it("flag > env > file > default", () => {
    const home = configHome(file);
    const env = { XDG_CONFIG_HOME: home, SWITCHYARD_URL: "http://env.example:2", SWITCHYARD_TOKEN: "env-token" };
    expect(resolveConfig({ url: "http://flag.example:3/", token: "flag-token" }, env)).toMatchObject({
      url: "http://flag.example:3",
      token: "flag-token",
      source: { url: "flag", token: "flag" },
    });
    expect(resolveConfig({}, env)).toMatchObject({ url: "http://env.example:2", token: "env-token", source: { url: "env", token: "env" } });
    expect(resolveConfig({}, { XDG_CONFIG_HOME: home })).toMatchObject({ url: file.url, token: file.token, source: { url: "file" } });
    const empty = mkdtempSync(join(tmpdir(), "sy-cli-cfg-"));
    expect(resolveConfig({}, { XDG_CONFIG_HOME: empty })).toMatchObject({ url: DEFAULT_URL, token: undefined });
  });

  it("--config names the file; a missing or broken named file is a usage error (exit 2)", () => {
    const home = configHome(file);
    const path = join(home, "switchyard", "config.json");
    expect(resolveConfig({ config: path }, {})).toMatchObject({ url: file.url, token: file.token });
    expect(() => resolveConfig({ config: join(home, "nope.json") }, {})).toThrow(CliError);
    const bad = join(home, "bad.json");
    writeFileSync(bad, "{not json");
    try {
      resolveConfig({ config: bad }, {});
      expect.unreachable();
    } catch (err) {
      expect((err as CliError).exitCode).toBe(2);
    }
  });

  it("refuses a URL that is not http(s)", () => {
    expect(() => resolveConfig({ url: "ftp://x" }, { XDG_CONFIG_HOME: "/nonexistent" })).toThrow(/must be http/);
  });

  it("defaults to $XDG_CONFIG_HOME, else ~/.config", () => {
    expect(defaultConfigPath({ XDG_CONFIG_HOME: "/x" })).toBe("/x/switchyard/config.json");
    expect(defaultConfigPath({})).toMatch(/\.config\/switchyard\/config\.json$/);
  });
});
