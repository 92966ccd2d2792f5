import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type ICruiseOptions, type IViolation } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

/** The dependency map of ARCHITECTURE.md, enforced: `npm test` fails on a violation. */
const root = join(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const config = require(join(root, ".dependency-cruiser.cjs")) as { forbidden: NonNullable<ICruiseOptions["ruleSet"]>["forbidden"]; options: ICruiseOptions };

async function violations(baseDir: string, paths: string[], tsConfig?: string): Promise<IViolation[]> {
  const result = await cruise(
    paths,
    { ...config.options, ...(tsConfig ? {} : { tsConfig: undefined }), baseDir, validate: true, ruleSet: { forbidden: config.forbidden } },
    {},
    tsConfig ? { tsConfig: { fileName: tsConfig } } : {},
  );
  if (typeof result.output === "string") throw new Error("unexpected string output");
  return result.output.summary.violations;
}

const describeViolation = (v: IViolation): string => `${v.rule.name}: ${v.from} → ${v.to}`;

describe("dependency rules", () => {
  it("the repository has no violations", { timeout: 120_000 }, async () => {
    const found = await violations(root, ["packages", "apps", "test-support", "scripts", "bench"], "tsconfig.json");
    expect(found.map(describeViolation)).toEqual([]);
  });

  it("catches a package importing an app, test support, or a package above it, and cycles", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "depcruise-"));
    try {
      const files: Record<string, string> = {
        "packages/shared/src/a.ts": 'import { b } from "../../queue/src/b";\nexport const a = b;\n',
        "packages/queue/src/b.ts": "export const b = 1;\n",
        "apps/web/src/c.ts": "export const c = 1;\n",
        "packages/core/src/d.ts": 'import { c } from "../../../apps/web/src/c";\nimport { h } from "../../../test-support/h";\nexport const d = c + h;\n',
        "test-support/h.ts": "export const h = 1;\n",
        "packages/queue/src/x.ts": 'import { y } from "./y";\nexport const x = () => y;\n',
        "packages/queue/src/y.ts": 'import { x } from "./x";\nexport const y = () => x;\n',
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const names = new Set((await violations(dir, ["packages", "apps", "test-support"])).map((v) => v.rule.name));
      expect([...names].sort()).toEqual(
        ["no-circular", "packages-never-import-apps", "shared-depends-only-on-nothing", "sources-never-import-test-support"].sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("no package declares a dependency on an app", () => {
    const apps = readdirSync(join(root, "apps")).map((a) => (JSON.parse(readFileSync(join(root, "apps", a, "package.json"), "utf8")) as { name: string }).name);
    const offenders: string[] = [];
    for (const p of readdirSync(join(root, "packages"))) {
      const manifest = JSON.parse(readFileSync(join(root, "packages", p, "package.json"), "utf8")) as Record<string, unknown>;
      for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
        const deps = (manifest[field] ?? {}) as Record<string, string>;
        for (const app of apps) if (app in deps) offenders.push(`packages/${p} ${field} ${app}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
