"use client";

import { CollectionsDetailView } from "./collections-detail-view";
import { SignedIn } from "./signed-in";

export function CollectionsDetailPage({ name }: { name: string }) {
  return <SignedIn>{() => <CollectionsDetailView name={name} />}</SignedIn>;
}
