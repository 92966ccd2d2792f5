import { z } from "zod";
import type { ChatModelOptions } from "./chat-answer.js";

/**
 * The chat model's variables, for an app to spread into its own env schema. With all three
 * of CHAT_BASE_URL, CHAT_API_KEY and CHAT_MODEL set, RAG answers come from that model;
 * otherwise they are extractive.
 */
export const chatEnvShape = {
  CHAT_BASE_URL: z.string().url().optional(),
  CHAT_API_KEY: z.string().optional(),
  CHAT_MODEL: z.string().min(1).max(200).optional(),
  CHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
};
export const chatEnvSchema = z.object(chatEnvShape);
export type ChatEnv = z.infer<typeof chatEnvSchema>;

export function chatModelOptions(env: ChatEnv): ChatModelOptions | null {
  if (!env.CHAT_BASE_URL || !env.CHAT_API_KEY || !env.CHAT_MODEL) return null;
  return { baseURL: env.CHAT_BASE_URL, apiKey: env.CHAT_API_KEY, model: env.CHAT_MODEL, timeoutMs: env.CHAT_TIMEOUT_MS };
}
