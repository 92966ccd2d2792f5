import { describe, expect, it } from "vitest";
import { embeddingEnv } from "./embedding-env.js";

describe("embeddingEnv", () => {
  const runner = { url: "http://127.0.0.1:3001", key: "syr_generated" };

  it("points web and worker at the runner's OpenAI-compatible API with the generated key", () => {
    expect(embeddingEnv({}, runner)).toEqual({ EMBEDDING_BASE_URL: "http://127.0.0.1:3001/v1", EMBEDDING_API_KEY: "syr_generated" });
  });

  it("passes a configured API through untouched, runner or not", () => {
    const hosted = { EMBEDDING_BASE_URL: "https://api.openai.com/v1", EMBEDDING_API_KEY: "sk-x" };
    expect(embeddingEnv(hosted, runner)).toEqual(hosted);
    expect(embeddingEnv(hosted, null)).toEqual(hosted);
  });

  it("sets nothing without a runner or a configured API", () => {
    expect(embeddingEnv({}, null)).toEqual({});
    expect(embeddingEnv({ EMBEDDING_API_KEY: "k" }, null)).toEqual({ EMBEDDING_API_KEY: "k" });
  });
});
