/** What every tokenizer gives the runner: token ids, already capped at the model's limit. */
export interface TokenizedText {
  ids: number[];
  /** True when the text had more tokens than the cap and the tail was dropped. */
  truncated: boolean;
}

export interface TextTokenizer {
  readonly kind: "sentencepiece-unigram" | "wordpiece";
  /** Most tokens one text may have (special tokens included). */
  readonly maxTokens: number;
  encode(text: string): TokenizedText;
}
