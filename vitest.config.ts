import { defineConfig } from "vitest/config";

// One run for the whole monorepo (npm test); real services come from test-support/.
export default defineConfig({
  test: {
    include: [
      "packages/**/*.test.ts",
      "apps/**/*.test.ts",
      "apps/web/browser-tests/**/*.test.ts",
      "test-support/**/*.test.ts",
      "scripts/**/*.test.ts",
      "docker/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/.next/**", "**/generated/**", "**/.data/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One shared redis-server for the run (inject("redisUrl")).
    globalSetup: ["test-support/global-setup.ts"],
    // Child processes and native modules (better-sqlite3, onnxruntime) behave best in forks.
    pool: "forks",
    maxWorkers: 2,
  },
});
