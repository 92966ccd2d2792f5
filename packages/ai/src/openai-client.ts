import OpenAI from "openai";

/**
 * An `openai` client that reads nothing from process.env: every option the SDK would otherwise
 * take from the environment (organization, project, admin key, webhook secret, log level) is
 * given explicitly, so configuration comes only from the app's env schema.
 */
export function createOpenAiClient(options: { baseURL: string; apiKey: string; timeoutMs: number; maxRetries: number }): OpenAI {
  return new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    logLevel: "off",
  });
}
