import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/**/*.test.ts",
      "apps/**/*.test.ts",
      "test-support/**/*.test.ts",
      "scripts/**/*.test.ts",
      "docker/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/.next/**", "**/generated/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["test-support/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
  },
});
