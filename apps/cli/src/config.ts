import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { CliError, EXIT } from "./exit-codes.js";

export const DEFAULT_URL = "http://127.0.0.1:3000";

/** `{ "url": "...", "token": "..." }`; other keys are ignored. */
const configFileSchema = z.looseObject({
  url: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
});

export interface ConnectionConfig {
  url: string;
  token: string | undefined;
  /** Where each value came from, for messages. */
  source: { url: "flag" | "env" | "file" | "default"; token: "flag" | "env" | "file" | "none" };
  configPath: string;
}

/** Environment variables (process.env, or a plain object in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigInputs {
  url?: string | undefined;
  token?: string | undefined;
  config?: string | undefined;
}

/** `$XDG_CONFIG_HOME/switchyard/config.json`, else `~/.config/switchyard/config.json`. */
export function defaultConfigPath(env: Env = process.env): string {
  const xdg = env["XDG_CONFIG_HOME"];
  const base = xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".config");
  return join(base, "switchyard", "config.json");
}

function readConfigFile(path: string, explicit: boolean): z.infer<typeof configFileSchema> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!explicit && code === "ENOENT") return {};
    throw new CliError(`cannot read config file ${path}: ${code ?? String(err)}`, EXIT.usage);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CliError(`config file ${path} is not valid JSON: ${(err as Error).message}`, EXIT.usage);
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(
      `config file ${path} is invalid`,
      EXIT.usage,
      parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`),
    );
  }
  return parsed.data;
}

function checkUrl(url: string, from: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(`invalid server URL ${JSON.stringify(url)} (from ${from})`, EXIT.usage);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new CliError(`the server URL must be http(s), got ${JSON.stringify(url)} (from ${from})`, EXIT.usage);
  }
  return url.replace(/\/+$/, "");
}

/** Precedence: flag > environment (SWITCHYARD_URL, SWITCHYARD_TOKEN) > config file > default. */
export function resolveConfig(inputs: ConfigInputs, env: Env = process.env): ConnectionConfig {
  const explicitPath = inputs.config ?? env["SWITCHYARD_CONFIG"];
  const configPath = explicitPath ?? defaultConfigPath(env);
  const file = readConfigFile(configPath, explicitPath !== undefined);
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === "" ? undefined : v);

  const envUrl = nonEmpty(env["SWITCHYARD_URL"]);
  const envToken = nonEmpty(env["SWITCHYARD_TOKEN"]);
  const url =
    inputs.url !== undefined
      ? { value: checkUrl(inputs.url, "--url"), source: "flag" as const }
      : envUrl !== undefined
        ? { value: checkUrl(envUrl, "SWITCHYARD_URL"), source: "env" as const }
        : file.url !== undefined
          ? { value: checkUrl(file.url, configPath), source: "file" as const }
          : { value: DEFAULT_URL, source: "default" as const };
  const token =
    inputs.token !== undefined
      ? { value: inputs.token, source: "flag" as const }
      : envToken !== undefined
        ? { value: envToken, source: "env" as const }
        : file.token !== undefined
          ? { value: file.token, source: "file" as const }
          : { value: undefined, source: "none" as const };
  return { url: url.value, token: token.value, source: { url: url.source, token: token.source }, configPath };
}
