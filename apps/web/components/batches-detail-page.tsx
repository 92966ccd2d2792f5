"use client";

import { BatchesDetailView } from "./batches-detail-view";
import { SignedIn } from "./signed-in";

export function BatchesDetailPage({ id }: { id: string }) {
  return <SignedIn>{() => <BatchesDetailView id={id} />}</SignedIn>;
}
