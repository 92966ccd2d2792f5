import OpenAI from "openai";
import type { RagAnswer } from "@switchyard/shared";
import type { ChunkHit } from "./chroma-store.js";
import { citationOf } from "./citations.js";
import { createOpenAiClient } from "@switchyard/ai";

export interface ChatModelOptions {
  /** Any OpenAI-compatible chat-completions API root, e.g. https://api.openai.com/v1. */
  baseURL: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  /** Most tokens of the answer. */
  maxTokens?: number;
}

export interface ChatModel {
  readonly model: string;
  /** Streams the completion; `onDelta` gets each piece of text in order. Answers the whole text. */
  complete(messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[], opts: { signal: AbortSignal; onDelta: (text: string) => void }): Promise<string>;
}

/** A chat model on the official `openai` client (streaming). Retries are left to the task and the breaker. */
export function createChatModel(options: ChatModelOptions): ChatModel {
  const client = createOpenAiClient({ baseURL: options.baseURL, apiKey: options.apiKey, timeoutMs: options.timeoutMs, maxRetries: 0 });
  return {
    model: options.model,
    async complete(messages, { signal, onDelta }) {
      const stream = await client.chat.completions.create(
        { model: options.model, messages, stream: true, temperature: 0, max_tokens: options.maxTokens ?? 512 },
        { signal },
      );
      let text = "";
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          text += delta;
          onDelta(delta);
        }
      }
      return text;
    },
  };
}

const SYSTEM_PROMPT =
  "Answer the question using only the numbered sources. Cite every claim with the source number in brackets, e.g. [2]. " +
  "If the sources do not contain the answer, say so.";

/** The messages for a question over numbered sources. */
export function chatMessages(query: string, hits: readonly ChunkHit[]): OpenAI.Chat.Completions.ChatCompletionMessageParam[] {
  const sources = hits
    .map((h, i) => {
      const title = typeof h.metadata.title === "string" ? ` (${h.metadata.title})` : "";
      return `[${i + 1}]${title}\n${h.text}`;
    })
    .join("\n\n");
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: `Sources:\n${sources}\n\nQuestion: ${query}` },
  ];
}

/** A chat answer over the retrieved chunks: citation n is the source the answer calls [n]. */
export function chatAnswer(text: string, hits: readonly ChunkHit[], model: string): RagAnswer {
  return { answer: text.trim(), mode: "chat", citations: hits.map(citationOf), model };
}

/** The HTTP status of a chat API error answer; null for anything else (connection, timeout, abort). */
export function chatErrorStatus(err: unknown): number | null {
  return err instanceof OpenAI.APIError && typeof err.status === "number" ? err.status : null;
}
