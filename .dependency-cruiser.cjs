/**
 * The direction of dependencies (ARCHITECTURE.md): contracts ← db ← queue ← core ← api ← apps,
 * with tasks, ai and observability beside them. Checked by scripts/dependency-rules.test.ts in
 * `npm test`, and by `npx depcruise packages apps test-support scripts bench`.
 */
const pkg = (name) => `^packages/${name}/`;
const TEST = "(\\.test\\.ts$|/browser-tests/|/testing/)";

/** What each package's sources may import of the other packages (besides themselves). */
const allowed = {
  shared: [],
  observability: [],
  ai: [],
  rag: ["shared", "ai"],
  scraper: [],
  audit: ["shared"],
  db: ["shared", "audit"],
  queue: ["shared", "db", "observability"],
  tasks: ["shared", "queue", "ai", "rag", "scraper", "observability"],
  core: ["shared", "db", "queue", "rag", "observability", "audit"],
  api: ["shared", "db", "queue", "core", "rag", "observability", "audit"],
};

const packageRules = Object.entries(allowed).map(([name, ok]) => ({
  name: `${name}-depends-only-on-${ok.join("-") || "nothing"}`,
  comment: `packages/${name} may import only: ${ok.join(", ") || "no other package"}`,
  severity: "error",
  from: { path: pkg(name), pathNot: TEST },
  to: {
    path: "^packages/",
    pathNot: [pkg(name), ...ok.map(pkg)],
  },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make start-up order and refactoring fragile.",
      from: {},
      to: { circular: true },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      comment: "A package must not depend on an app (apps are thin shells over packages).",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "sources-never-import-test-support",
      severity: "error",
      comment: "Only tests (and test helpers) may import test support.",
      from: { path: "^(packages|apps|scripts)/", pathNot: TEST },
      to: { path: ["^test-support/", "/testing/"] },
    },
    {
      name: "apps-never-import-other-apps",
      severity: "error",
      comment: "Apps share code through packages, not through each other.",
      from: { path: "^apps/([^/]+)/", pathNot: TEST },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    ...packageRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(node_modules|/generated/|\\.next/|/models/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
