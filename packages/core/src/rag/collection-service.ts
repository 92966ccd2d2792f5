import type { Platform } from "@switchyard/queue";
import {
  defaultPriorityOf,
  documentsOf,
  NotFoundError,
  ValidationError,
  type AddDocumentsBody,
  type CollectionDetail,
  type DocumentChunks,
  type SubmitResponse,
} from "@switchyard/shared";
import { submitBulk } from "../tasks/task-service.js";
import { chroma, type RagApi } from "./rag-api.js";

/**
 * POST /collections/{name}/documents: one ingest.document task per document (one bulk
 * submission: validated together, enqueued together), 202 with the task ids.
 */
export async function addDocuments(
  platform: Platform,
  rag: RagApi,
  name: string,
  body: AddDocumentsBody,
  scope: string,
): Promise<{ collection: string; tasks: Array<SubmitResponse & { documentId: string }> }> {
  const docs = documentsOf(body);
  const many = body.documents !== undefined;
  const ids = new Set<string>();
  docs.forEach((d, i) => {
    const at = many ? `documents.${i}.` : "";
    if (d.url !== undefined && !rag.acceptsUrls) {
      throw new ValidationError([{ path: `${at}url`, message: "not available: URL ingestion goes through the scraper, which is not wired yet; send text or html" }]);
    }
    if (ids.has(d.id)) throw new ValidationError([{ path: `${at}id`, message: `document id "${d.id}" appears twice in this request` }]);
    ids.add(d.id);
  });
  const { ids: taskIds } = await submitBulk(
    platform,
    { tasks: docs.map((d) => ({ type: "ingest.document", payload: { ...d, collection: name } })) },
    { scope },
  );
  const pool = "ingest" as const;
  return {
    collection: name,
    tasks: taskIds.map((id, i) => ({ id, status: "queued" as const, pool, priority: defaultPriorityOf("ingest.document"), documentId: docs[i]?.id ?? "" })),
  };
}

export async function listCollections(rag: RagApi): Promise<{ collections: Array<{ name: string; chunks: number }> }> {
  return { collections: await chroma(() => rag.store.listCollections()) };
}

export async function getCollection(rag: RagApi, name: string): Promise<CollectionDetail> {
  const detail = await chroma(() => rag.store.describeCollection(name));
  if (!detail) throw new NotFoundError(`collection "${name}"`);
  return detail;
}

export async function deleteCollection(rag: RagApi, name: string): Promise<{ name: string; deleted: true }> {
  if (!(await chroma(() => rag.store.deleteCollection(name)))) throw new NotFoundError(`collection "${name}"`);
  return { name, deleted: true };
}

export async function getDocument(rag: RagApi, collection: string, documentId: string): Promise<DocumentChunks> {
  const doc = await chroma(() => rag.store.documentChunks(collection, documentId));
  if (!doc) throw new NotFoundError(`collection "${collection}"`);
  if (doc.chunks.length === 0) throw new NotFoundError(`document "${documentId}" in collection "${collection}"`);
  return doc;
}

export async function deleteDocument(rag: RagApi, collection: string, documentId: string): Promise<{ collection: string; documentId: string; deletedChunks: number }> {
  const deleted = await chroma(() => rag.store.deleteDocument(collection, documentId));
  if (deleted === null) throw new NotFoundError(`collection "${collection}"`);
  if (deleted === 0) throw new NotFoundError(`document "${documentId}" in collection "${collection}"`);
  return { collection, documentId, deletedChunks: deleted };
}
