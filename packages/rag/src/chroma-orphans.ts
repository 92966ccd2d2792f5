import { ChromaClient, ChromaNotFoundError, type Collection } from "chromadb";

/**
 * Orphan chunks in Chroma, as this platform writes it (chroma-store.ts): every chunk id is
 * `<documentId>#<generation>#<chunkIndex>` with `documentId` in its metadata, and a re-ingest writes
 * a new generation, then removes the earlier ones. So an orphan is
 *  - a chunk of a generation older than its document's newest one: left when an ingest stopped
 *    between writing the new version and removing the old (a crash, a shutdown), which makes search
 *    answer with both versions. Only once the newest generation is older than a grace period, so an
 *    ingest still writing (or about to remove the old version itself) is never raced;
 *  - a chunk whose id does not follow that form for its own `documentId` (written by something else).
 * Documents with a single generation are never touched, and nothing else counts as orphaned (there
 * is no document record outside Chroma to compare with).
 */

export interface OrphanSweepOptions {
  url: string;
  dryRun: boolean;
  /** Older generations go only when the newest one is at least this old. */
  graceMs: number;
  now?: () => number;
  signal?: AbortSignal;
}

export interface OrphanSweepResult {
  collections: number;
  scanned: number;
  /** Chunks of superseded generations. */
  staleGenerations: number;
  /** Chunks whose id does not match their metadata. */
  malformed: number;
  /** Removed (0 with dryRun). */
  removed: number;
}

const PAGE = 1_000;

/** The ms time a generation was made (its base-36 time part, chroma-store.ts: time + 4 random characters); null if unreadable. */
export function generationTime(generation: string): number | null {
  if (generation.length <= 4) return null;
  const t = parseInt(generation.slice(0, -4), 36);
  return Number.isFinite(t) ? t : null;
}

/** The parts of a chunk id, read from the right (a document id may itself contain '#'). */
function parseChunkId(id: string): { documentId: string; generation: string } | null {
  const last = id.lastIndexOf("#");
  const mid = last > 0 ? id.lastIndexOf("#", last - 1) : -1;
  if (mid <= 0 || !/^\d+$/.test(id.slice(last + 1))) return null;
  return { documentId: id.slice(0, mid), generation: id.slice(mid + 1, last) };
}

async function sweepCollection(c: Collection, options: OrphanSweepOptions, now: number): Promise<Omit<OrphanSweepResult, "collections">> {
  // documentId → generation → chunk ids
  const docs = new Map<string, Map<string, string[]>>();
  const malformed: string[] = [];
  let scanned = 0;
  for (let offset = 0; ; offset += PAGE) {
    options.signal?.throwIfAborted();
    const page = await c.get({ include: ["metadatas"], limit: PAGE, offset });
    page.ids.forEach((id, i) => {
      scanned++;
      const meta = page.metadatas[i];
      const parsed = parseChunkId(id);
      const documentId = typeof meta?.["documentId"] === "string" ? meta["documentId"] : null;
      if (!parsed || parsed.documentId !== documentId || generationTime(parsed.generation) === null) {
        malformed.push(id);
        return;
      }
      const gens = docs.get(parsed.documentId) ?? new Map<string, string[]>();
      gens.set(parsed.generation, [...(gens.get(parsed.generation) ?? []), id]);
      docs.set(parsed.documentId, gens);
    });
    if (page.ids.length < PAGE) break;
  }
  const stale: string[] = [];
  for (const gens of docs.values()) {
    if (gens.size < 2) continue;
    const ordered = [...gens.keys()].sort((a, b) => (generationTime(b) ?? 0) - (generationTime(a) ?? 0));
    const newest = ordered[0] as string;
    if (now - (generationTime(newest) ?? now) < options.graceMs) continue;
    for (const g of ordered.slice(1)) stale.push(...(gens.get(g) ?? []));
  }
  const remove = [...stale, ...malformed];
  if (!options.dryRun) {
    for (let i = 0; i < remove.length; i += PAGE) {
      options.signal?.throwIfAborted();
      await c.delete({ ids: remove.slice(i, i + PAGE) });
    }
  }
  return { scanned, staleGenerations: stale.length, malformed: malformed.length, removed: options.dryRun ? 0 : remove.length };
}

/** Finds (and unless dryRun removes) orphan chunks in every collection. Collections are read one page at a time. */
export async function sweepOrphanChunks(options: OrphanSweepOptions): Promise<OrphanSweepResult> {
  const url = new URL(options.url);
  const ssl = url.protocol === "https:";
  const client = new ChromaClient({ host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || (ssl ? 443 : 80)), ssl });
  const now = options.now?.() ?? Date.now();
  const total: OrphanSweepResult = { collections: 0, scanned: 0, staleGenerations: 0, malformed: 0, removed: 0 };
  const names: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await client.listCollections({ limit: 100, offset });
    names.push(...page.map((c) => c.name));
    if (page.length < 100) break;
  }
  for (const name of names) {
    let c: Collection;
    try {
      c = await client.getCollection({ name, embeddingFunction: undefined });
    } catch (err) {
      // Deleted since it was listed: nothing left to sweep there.
      if (err instanceof ChromaNotFoundError) continue;
      throw err;
    }
    const r = await sweepCollection(c, options, now);
    total.collections++;
    total.scanned += r.scanned;
    total.staleGenerations += r.staleGenerations;
    total.malformed += r.malformed;
    total.removed += r.removed;
  }
  return total;
}
