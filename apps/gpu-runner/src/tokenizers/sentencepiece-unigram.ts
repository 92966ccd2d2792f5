// The tokenizer lives in @switchyard/ai so that ingestion (packages/rag) can size chunks with
// the model's own tokenizer without depending on this app.
export { SentencePieceUnigramTokenizer, type SentencePieceOptions, type Vocabulary } from "@switchyard/ai";
