"use client";

import { CollectionsView } from "./collections-view";
import { SignedIn } from "./signed-in";

export function CollectionsPage() {
  return <SignedIn>{() => <CollectionsView />}</SignedIn>;
}
