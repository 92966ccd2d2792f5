/** @switchyard/rag: Chroma, ingestion (clean → chunk → embed → store) and answers with citations. */
export { createChromaStore, chunkId, toWhere, type ChromaStore, type ChromaStoreOptions, type ChunkHit, type ChunkMetadata, type ChunkRecord } from "./chroma-store.js";
export { chromaServerCommand } from "./chroma-server-command.js";
export { htmlToText, tidy, type CleanDocument } from "./html-to-text.js";
export { chunkText, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "./chunk-text.js";
export { extractiveAnswer, sentences, terms } from "./extractive-answer.js";
export { chatAnswer, chatErrorStatus, chatMessages, createChatModel, type ChatModel, type ChatModelOptions } from "./chat-answer.js";
export { citationOf } from "./citations.js";
export { direct, type DependencyCall, type FetchPage, type FetchedPage, type GuardedDependency, type RagDeps } from "./rag-deps.js";
export { ingestDocument, type IngestOutcome, type IngestRun } from "./ingest-document.js";
export { answerQuery, type QueryRun } from "./answer-query.js";
export { chatEnvShape, chatModelOptions, type ChatEnv } from "./chat-config.js";
export { sweepOrphanChunks, generationTime, type OrphanSweepOptions, type OrphanSweepResult } from "./chroma-orphans.js";
