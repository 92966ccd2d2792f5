/**
 * Rewrites the role table in ARCHITECTURE.md from the operation registry (npm run docs:roles).
 * scripts/role-table.test.ts fails while the file's copy differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { operations, roleTableMarkdown } from "@switchyard/core";
import { replaceRoleTable } from "./lib/role-table-markers.js";

const path = join(import.meta.dirname, "..", "ARCHITECTURE.md");
writeFileSync(path, replaceRoleTable(readFileSync(path, "utf8"), roleTableMarkdown(operations)));
console.log(`role table written to ${path}`);
