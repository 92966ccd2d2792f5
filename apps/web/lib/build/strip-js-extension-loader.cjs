// Build-time only (never bundled): a Turbopack loader for the workspace's TypeScript sources
// (packages/shared/src). They import siblings as "./x.js" (TypeScript's NodeNext style), which
// Turbopack cannot map to "./x.ts" (no resolve.extensionAlias yet: vercel/next.js#82945).
// Rewrites only relative specifiers ending in .js inside import/export ... from "..." and import("...").
"use strict";

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*?)\.js\2/g;

module.exports = function stripJsExtension(source) {
  return String(source).replace(SPECIFIER, (_m, lead, quote, path) => `${lead}${quote}${path}${quote}`);
};
