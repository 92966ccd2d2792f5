import { defineConfig } from "prisma/config";
import { useSchemaEngineFallback } from "../schema-engine-fallback.js";

useSchemaEngineFallback();

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  // Only migrate/introspect use the URL; the app passes its own to createDatabase().
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
