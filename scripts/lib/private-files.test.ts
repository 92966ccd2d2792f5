import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensurePrivateDir, ensurePrivateFile } from "./private-files.js";

const root = mkdtempSync(join(tmpdir(), "sy-private-"));
let previousUmask = 0;
beforeEach(() => {
  previousUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(previousUmask);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe("launcher's private files", () => {
  it("creates DATA_DIR (and missing parents) 0700 and narrows an existing wider one", () => {
    const fresh = join(root, "a", "data");
    expect(ensurePrivateDir(fresh)).toBe(true);
    expect(mode(fresh)).toBe("700");
    expect(mode(join(root, "a"))).toBe("700");

    const old = join(root, "old");
    mkdirSync(old, { mode: 0o755 });
    expect(mode(old)).toBe("755");
    expect(ensurePrivateDir(old)).toBe(true);
    expect(mode(old)).toBe("700");
  });

  it("creates a missing file empty with 0600 and narrows an existing one, keeping its content", () => {
    const fresh = join(root, "fresh.db");
    expect(ensurePrivateFile(fresh)).toBe(true);
    expect(mode(fresh)).toBe("600");
    expect(statSync(fresh).size).toBe(0);

    const old = join(root, "old.db");
    writeFileSync(old, "data");
    chmodSync(old, 0o644);
    expect(ensurePrivateFile(old)).toBe(true);
    expect(mode(old)).toBe("600");
    expect(statSync(old).size).toBe(4);
  });
});
