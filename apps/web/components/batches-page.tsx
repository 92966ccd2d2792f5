"use client";

import { BatchesView } from "./batches-view";
import { SignedIn } from "./signed-in";

export function BatchesPage() {
  return <SignedIn>{() => <BatchesView />}</SignedIn>;
}
