import { join } from "node:path";
import { DEFAULT_MODELS_DIR } from "../config.js";
import { USE_LITE_ID, exportUseLite } from "../export/export-use-lite.js";

/** The exported USE-lite folder (exported first when missing; idempotent). */
export async function ensureUseLite(): Promise<string> {
  const dir = join(DEFAULT_MODELS_DIR, USE_LITE_ID);
  await exportUseLite({ outDir: dir });
  return dir;
}
