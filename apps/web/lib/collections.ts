import { collectionNameSchema, documentIdSchema } from "@switchyard/shared/collections";
import type { api } from "./trpc-client";

/** tRPC `collections.list`, `collections.get` and `collections.getDocument` as they arrive (plain JSON). */
export type CollectionSummary = Awaited<ReturnType<typeof api.collections.list.query>>["collections"][number];
export type CollectionDetail = Awaited<ReturnType<typeof api.collections.get.query>>;
export type CollectionDocument = CollectionDetail["documents"][number];
export type DocumentChunks = Awaited<ReturnType<typeof api.collections.getDocument.query>>;

/** The collection page's address (names are URL-safe already; encoded all the same). */
export function collectionHref(name: string): string {
  return `/collections/${encodeURIComponent(name)}`;
}

/** Why a collection name would be refused (the server's own rule), or null when it is fine. */
export function collectionNameProblem(name: string): string | null {
  const r = collectionNameSchema.safeParse(name);
  return r.success ? null : `The collection name must be ${r.error.issues[0]?.message ?? "valid"}.`;
}

/** Why a document id would be refused, or null. */
export function documentIdProblem(id: string): string | null {
  const r = documentIdSchema.safeParse(id);
  return r.success ? null : `The document id must have ${r.error.issues[0]?.message ?? "a valid form"}.`;
}
