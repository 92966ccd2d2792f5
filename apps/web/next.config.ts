import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// Telemetry off for every `next` invocation that loads this config (build, start, the custom server).
process.env["NEXT_TELEMETRY_DISABLED"] = "1";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The shared contracts are TypeScript sources (zod schemas); Next compiles them for the browser.
  transpilePackages: ["@switchyard/shared"],
  // `next build` type-checks apps/web with ./tsconfig.json and fails on any error.
  // (Next 16 has no `eslint` option any more; the repository's ESLint runs from the root.)
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.json" },
  turbopack: {
    rules: {
      // packages/shared imports its siblings as "./x.js"; Turbopack has no extensionAlias, so a
      // tiny loader drops the ".js" of relative specifiers in those sources before resolution.
      "*.ts": {
        condition: { path: /(^|[\\/])packages[\\/]shared[\\/]src[\\/]/ },
        loaders: [fileURLToPath(new URL("./lib/build/strip-js-extension-loader.cjs", import.meta.url))],
      },
    },
  },
  // The same for a webpack build (`next build --webpack`).
  webpack(config: { resolve?: { extensionAlias?: Record<string, string[]> } }) {
    config.resolve ??= {};
    config.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"], ...config.resolve.extensionAlias };
    return config;
  },
  // The UI is served by the custom server in ./server (REST, tRPC and socket.io beside Next).
  compress: true,
};

export default nextConfig;
