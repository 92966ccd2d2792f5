/**
 * EMBEDDING_* for web and worker (see @switchyard/ai): another OpenAI-compatible API when
 * EMBEDDING_BASE_URL is configured (passed on as given), else the GPU runner that `npm start`
 * runs, with its generated key; nothing when neither exists.
 */
export function embeddingEnv(
  configured: { EMBEDDING_BASE_URL?: string | undefined; EMBEDDING_API_KEY?: string | undefined },
  runner: { url: string; key: string } | null,
): Record<string, string> {
  const key: Record<string, string> = configured.EMBEDDING_API_KEY !== undefined ? { EMBEDDING_API_KEY: configured.EMBEDDING_API_KEY } : {};
  if (configured.EMBEDDING_BASE_URL) return { EMBEDDING_BASE_URL: configured.EMBEDDING_BASE_URL, ...key };
  if (runner) return { EMBEDDING_BASE_URL: `${runner.url}/v1`, EMBEDDING_API_KEY: runner.key };
  return key;
}
