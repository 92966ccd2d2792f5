import { readFileSync } from "node:fs";
import { DEFAULT_POOLS, parsePoolManifest, type PoolsConfig } from "@switchyard/shared";

/** The pools manifest named by POOLS_MANIFEST (YAML or JSON), or the seed's default preset. */
export function loadPoolsConfig(path: string | undefined): PoolsConfig {
  if (!path) return DEFAULT_POOLS;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read pools manifest ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return parsePoolManifest(text);
  } catch (err) {
    throw new Error(`invalid pools manifest ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
