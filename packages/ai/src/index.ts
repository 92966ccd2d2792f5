/** @switchyard/ai: the platform's embedding backend (any OpenAI-compatible API; the GPU runner by default). */
export { createEmbeddingClient, toEmbeddingError, type EmbeddingClient, type EmbeddingClientOptions, type EmbeddingResult } from "./embedding-client.js";
export { EmbeddingError, type EmbeddingErrorDetails, type EmbeddingErrorKind } from "./embedding-error.js";
export {
  DEFAULT_EMBEDDING_BASE_URL,
  DEFAULT_EMBEDDING_MODEL,
  embeddingClientOptions,
  embeddingEnvSchema,
  embeddingEnvShape,
  type EmbeddingEnv,
} from "./embedding-config.js";
export { SentencePieceUnigramTokenizer, type SentencePieceOptions, type TokenizedText, type Vocabulary } from "./tokenizers/sentencepiece-unigram.js";
export { useLiteTokenCounter, type TokenCounter } from "./tokenizers/use-lite-token-counter.js";
export { createOpenAiClient } from "./openai-client.js";
