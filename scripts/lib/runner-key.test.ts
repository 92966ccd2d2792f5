import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureRunnerKey, RUNNER_KEY_FILE } from "./runner-key.js";

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), "sy-runner-key-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("ensureRunnerKey", () => {
  it("generates a key once, mode 0600, and returns the same key afterwards", () => {
    const dir = tempDir();
    const first = ensureRunnerKey(dir);
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(dir, RUNNER_KEY_FILE));
    expect(first.key).toMatch(/^syr_[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(first.path, "utf8")).toBe(`${first.key}\n`);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const again = ensureRunnerKey(dir);
    expect(again).toEqual({ key: first.key, path: first.path, created: false });
    expect(ensureRunnerKey(tempDir()).key).not.toBe(first.key);
  });

  it("narrows a key file with wider permissions back to 0600, and refuses a file that holds no key", () => {
    const dir = tempDir();
    const { key, path } = ensureRunnerKey(dir);
    chmodSync(path, 0o644);
    expect(ensureRunnerKey(dir).key).toBe(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, "short\n");
    expect(() => ensureRunnerKey(dir)).toThrow(/does not hold a runner key/);
    expect(() => ensureRunnerKey(dir)).not.toThrow(/short/);
  });
});
