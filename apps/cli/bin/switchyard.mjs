#!/usr/bin/env node
// Launcher: run the TypeScript CLI through tsx, both resolved from this file's location,
// so it works from any directory and through npm's bin link.
import "tsx";

await import(new URL("../src/main.ts", import.meta.url).href);
