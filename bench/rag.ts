/**
 * RAG benchmark: a collection of >= --chunks chunks (synthetic sentences, ingested through the
 * real tokenizer-sized chunker, the GPU runner and Chroma), then --queries questions at 1 and
 * 16 concurrent clients through the REST synchronous endpoint (POST /api/v1/rag/query: a
 * rag.query task at critical priority through Redis, a worker and back) and through the same
 * query path called directly in this process (embed + Chroma query + extractive answer), as the
 * reference, in the same run.
 * Usage: npm run bench -- rag [--chunks 10000] [--queries 1000] [--clients 1,16]
 * The whole platform (web server, worker, runner) runs in this one process; Chroma and
 * redis-server are their own processes. Prints progress on stderr and one JSON line last.
 */
import { parseArgs } from "node:util";
import { answerQuery, direct, ingestDocument } from "@switchyard/rag";
import { closedLoop, log, rng, sentence, startRagBed, summary } from "./rag-bed.js";

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "10000" },
    queries: { type: "string", default: "1000" },
    clients: { type: "string", default: "1,16" },
    warmup: { type: "string", default: "50" },
  },
});
const TARGET_CHUNKS = Number(values.chunks);
const QUERIES = Number(values.queries);
const CLIENTS = values.clients.split(",").map(Number);
const WARMUP = Number(values.warmup);
const COLLECTION = "bench-rag";
const SENTENCES_PER_DOC = 300;

async function main(): Promise<void> {
  const bed = await startRagBed();
  const signal = new AbortController().signal;
  try {
    // Build the collection on the direct path (what is measured is the query path).
    const r = rng(42);
    const sentences: string[] = [];
    let chunks = 0;
    let docs = 0;
    const built = performance.now();
    while (chunks < TARGET_CHUNKS) {
      const batch = Array.from({ length: 2 }, () => {
        const lines = Array.from({ length: SENTENCES_PER_DOC }, () => sentence(r, sentences.length)).map((s) => (sentences.push(s), s));
        // Paragraphs of 5 sentences, as a real document has them.
        const text = Array.from({ length: SENTENCES_PER_DOC / 5 }, (_, i) => lines.slice(i * 5, i * 5 + 5).join(" ")).join("\n\n");
        return { id: `doc-${docs++}`, text, collection: COLLECTION };
      });
      const outs = await Promise.all(batch.map((d) => ingestDocument(bed.deps, d, { signal, call: direct, progress: async () => undefined })));
      chunks += outs.reduce((n, o) => n + o.chunks, 0);
      if (docs % 20 === 0) log(`built ${chunks} chunks from ${docs} documents`);
    }
    const buildSeconds = (performance.now() - built) / 1000;
    log(`collection: ${chunks} chunks, ${docs} documents, built in ${buildSeconds.toFixed(1)} s`);

    const qr = rng(7);
    const questions = Array.from({ length: QUERIES }, () => sentences[Math.floor(qr() * sentences.length)] ?? "");
    const url = `${bed.platform.url}/api/v1/rag/query`;
    const headers = { authorization: `Bearer ${bed.platform.token}`, "content-type": "application/json" };
    let restHits = 0;
    const viaRest = async (i: number): Promise<void> => {
      const q = questions[i % questions.length] ?? "";
      const res = await fetch(url, { method: "POST", headers, body: JSON.stringify({ collection: COLLECTION, query: q, k: 5 }) });
      if (res.status !== 200) throw new Error(`rag query answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { citations: Array<{ text: string }> };
      if (body.citations[0]?.text.includes(q)) restHits++;
    };
    const viaDirect = async (i: number): Promise<void> => {
      await answerQuery(bed.deps, { collection: COLLECTION, query: questions[i % questions.length] ?? "", k: 5 }, { signal, call: direct });
    };

    await closedLoop(WARMUP, 4, viaDirect);
    await closedLoop(WARMUP, 4, viaRest);
    restHits = 0;
    const results: Record<string, { direct: ReturnType<typeof summary>; rest: ReturnType<typeof summary>; rest_per_s: number; overhead_p50_ms: number }> = {};
    for (const c of CLIENTS) {
      const d = summary(await closedLoop(QUERIES, c, viaDirect));
      const started = performance.now();
      const rest = summary(await closedLoop(QUERIES, c, viaRest));
      const perS = Math.round((QUERIES / ((performance.now() - started) / 1000)) * 10) / 10;
      results[`clients_${c}`] = { direct: d, rest, rest_per_s: perS, overhead_p50_ms: Math.round((rest.p50 - d.p50) * 10) / 10 };
      log(`${c} client(s): direct`, d);
      log(`${c} client(s): REST  `, rest);
    }
    const restQueries = QUERIES * CLIENTS.length;
    console.log(
      JSON.stringify({
        bench: "rag",
        chunks,
        documents: docs,
        build_seconds: Math.round(buildSeconds * 10) / 10,
        queries: QUERIES,
        rest_top1_exact: Math.round((restHits / restQueries) * 1000) / 1000,
        ...results,
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
