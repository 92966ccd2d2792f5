"use client";

import { SignedIn } from "./signed-in";
import { WorkersView } from "./workers-view";

export function WorkersPage() {
  return <SignedIn>{() => <WorkersView />}</SignedIn>;
}
