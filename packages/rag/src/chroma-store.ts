import { ChromaClient, ChromaNotFoundError, type Collection, type Metadata, type Where } from "chromadb";
import type { CollectionDetail, DocumentChunks, RagFilter } from "@switchyard/shared";

/** What every chunk carries besides the document's own metadata. */
export interface ChunkMetadata {
  documentId: string;
  source: string;
  chunkIndex: number;
  title?: string;
  createdAt: string;
  [key: string]: string | number | boolean | undefined;
}

export interface ChunkRecord {
  text: string;
  embedding: number[];
  metadata: ChunkMetadata;
}

export interface ChunkHit {
  id: string;
  text: string;
  metadata: ChunkMetadata;
  /** Cosine similarity (collections use the cosine space): 1 - distance. */
  score: number;
}

/**
 * The platform's view of Chroma: one collection per name (cosine space, embeddings given by
 * us, never computed by Chroma), chunk ids `<documentId>#<generation>#<chunkIndex>`. Methods that
 * read a collection answer null when it does not exist, instead of throwing: callers run them
 * through the `chroma` circuit breaker, which must count only Chroma being unwell.
 */
export interface ChromaStore {
  readonly url: string;
  /** Resolves when the server answers its heartbeat. */
  heartbeat(): Promise<void>;
  /** Writes the document's chunks and removes any of its earlier ones beyond them; answers how many were removed. */
  replaceDocument(collection: string, documentId: string, chunks: readonly ChunkRecord[]): Promise<{ removed: number }>;
  deleteDocument(collection: string, documentId: string): Promise<number | null>;
  query(collection: string, embedding: number[], k: number, filter?: RagFilter): Promise<ChunkHit[] | null>;
  listCollections(): Promise<Array<{ name: string; chunks: number }>>;
  describeCollection(name: string): Promise<CollectionDetail | null>;
  documentChunks(collection: string, documentId: string): Promise<DocumentChunks | null>;
  deleteCollection(name: string): Promise<boolean>;
}

export interface ChromaStoreOptions {
  /** e.g. http://127.0.0.1:8000 */
  url: string;
  /** Records per add/upsert request (Chroma caps a batch; 1.0 at ~41k). */
  writeBatch?: number;
}

const DESCRIBE_LIMIT = 10_000;
const PAGE = 1_000;

/**
 * A chunk's id: the document, the ingestion (a fresh generation each time) and the index. A new
 * version is written under new ids and the old ids are removed after, because Chroma's upsert
 * merges metadata into an existing record instead of replacing it.
 */
export function chunkId(documentId: string, generation: string, chunkIndex: number): string {
  return `${documentId}#${generation}#${chunkIndex}`;
}

/** The filter as Chroma's `where`: one condition as it is, several under $and. */
export function toWhere(filter: RagFilter | undefined): Where | undefined {
  if (!filter) return undefined;
  const parts = Object.entries(filter).map(([key, cond]) => ({ [key]: cond }) as Where);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { $and: parts };
}

export function createChromaStore(options: ChromaStoreOptions): ChromaStore {
  const url = new URL(options.url);
  const ssl = url.protocol === "https:";
  const client = new ChromaClient({ host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || (ssl ? 443 : 80)), ssl });
  const writeBatch = options.writeBatch ?? 1_000;
  // Collection handles are cheap to keep: saves a round trip per call on the hot query path.
  const handles = new Map<string, Collection>();

  const existing = async (name: string): Promise<Collection | null> => {
    const cached = handles.get(name);
    if (cached) return cached;
    try {
      const c = await client.getCollection({ name, embeddingFunction: undefined });
      handles.set(name, c);
      return c;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  const orCreate = async (name: string): Promise<Collection> => {
    const cached = handles.get(name);
    if (cached) return cached;
    const c = await client.getOrCreateCollection({ name, embeddingFunction: null, configuration: { hnsw: { space: "cosine" } } });
    handles.set(name, c);
    return c;
  };
  /** A collection deleted elsewhere leaves a stale handle: forget it and try once more. */
  const withCollection = async <T>(name: string, fn: (c: Collection) => Promise<T>): Promise<T | null> => {
    const c = await existing(name);
    if (!c) return null;
    try {
      return await fn(c);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      handles.delete(name);
      const again = await existing(name);
      return again ? fn(again) : null;
    }
  };

  const idsOf = async (c: Collection, documentId: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await c.get({ where: { documentId }, include: [], limit: PAGE, offset });
      ids.push(...page.ids);
      if (page.ids.length < PAGE) return ids;
    }
  };

  return {
    url: options.url,
    async heartbeat() {
      await client.heartbeat();
    },

    async replaceDocument(collection, documentId, chunks) {
      const generation = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, "0")}`;
      const write = async (c: Collection): Promise<{ removed: number }> => {
        const before = await idsOf(c, documentId);
        for (let i = 0; i < chunks.length; i += writeBatch) {
          const part = chunks.slice(i, i + writeBatch);
          await c.upsert({
            ids: part.map((p) => chunkId(documentId, generation, p.metadata.chunkIndex)),
            embeddings: part.map((p) => p.embedding),
            documents: part.map((p) => p.text),
            metadatas: part.map((p) => definedMetadata(p.metadata)),
          });
        }
        // Write the new version first, then remove the old one: the document never disappears
        // from search while it is re-ingested.
        const keep = new Set(chunks.map((p) => chunkId(documentId, generation, p.metadata.chunkIndex)));
        const stale = before.filter((id) => !keep.has(id));
        for (let i = 0; i < stale.length; i += writeBatch) await c.delete({ ids: stale.slice(i, i + writeBatch) });
        return { removed: stale.length };
      };
      const c = await orCreate(collection);
      try {
        return await write(c);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        handles.delete(collection);
        return write(await orCreate(collection));
      }
    },

    deleteDocument: (collection, documentId) =>
      withCollection(collection, async (c) => {
        const ids = await idsOf(c, documentId);
        for (let i = 0; i < ids.length; i += writeBatch) await c.delete({ ids: ids.slice(i, i + writeBatch) });
        return ids.length;
      }),

    query: (collection, embedding, k, filter) =>
      withCollection(collection, async (c) => {
        const where = toWhere(filter);
        const r = await c.query({
          queryEmbeddings: [embedding],
          nResults: k,
          ...(where ? { where } : {}),
          include: ["documents", "metadatas", "distances"],
        });
        const ids = r.ids[0] ?? [];
        return ids.map((id, i) => ({
          id,
          text: r.documents[0]?.[i] ?? "",
          metadata: (r.metadatas[0]?.[i] ?? {}) as ChunkMetadata,
          score: 1 - (r.distances[0]?.[i] ?? 1),
        }));
      }),

    async listCollections() {
      const out: Array<{ name: string; chunks: number }> = [];
      for (let offset = 0; ; offset += 100) {
        const page = await client.listCollections({ limit: 100, offset });
        for (const c of page) out.push({ name: c.name, chunks: await c.count() });
        if (page.length < 100) break;
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },

    describeCollection: (name) =>
      withCollection(name, async (c) => {
        const chunks = await c.count();
        const docs = new Map<string, { id: string; title: string | null; source: string | null; chunks: number }>();
        const limit = Math.min(chunks, DESCRIBE_LIMIT);
        for (let offset = 0; offset < limit; offset += PAGE) {
          const page = await c.get({ include: ["metadatas"], limit: Math.min(PAGE, limit - offset), offset });
          for (const m of page.metadatas) {
            const id = typeof m?.["documentId"] === "string" ? m["documentId"] : "";
            const entry = docs.get(id) ?? {
              id,
              title: typeof m?.["title"] === "string" ? m["title"] : null,
              source: typeof m?.["source"] === "string" ? m["source"] : null,
              chunks: 0,
            };
            entry.chunks++;
            docs.set(id, entry);
          }
          if (page.ids.length === 0) break;
        }
        return { name, chunks, documents: [...docs.values()].sort((a, b) => a.id.localeCompare(b.id)), truncated: chunks > DESCRIBE_LIMIT };
      }),

    documentChunks: (collection, documentId) =>
      withCollection(collection, async (c) => {
        const r = await c.get({ where: { documentId }, include: ["documents", "metadatas"] });
        const chunks = r.ids.map((_, i) => {
          const metadata = (r.metadatas[i] ?? {}) as Record<string, string | number | boolean | null>;
          return { chunkIndex: Number(metadata["chunkIndex"] ?? i), text: r.documents[i] ?? "", metadata };
        });
        return { collection, documentId, chunks: chunks.sort((a, b) => a.chunkIndex - b.chunkIndex) };
      }),

    async deleteCollection(name) {
      handles.delete(name);
      try {
        await client.deleteCollection({ name });
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
  };
}

/** Chroma refuses undefined (and null) metadata values. */
function definedMetadata(m: ChunkMetadata): Metadata {
  const out: Metadata = {};
  for (const [k, v] of Object.entries(m)) if (v !== undefined) out[k] = v;
  return out;
}

function isNotFound(err: unknown): boolean {
  if (err instanceof ChromaNotFoundError) return true;
  const msg = err instanceof Error ? err.message : "";
  return /does not exist|not found/i.test(msg);
}
