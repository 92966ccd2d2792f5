"use client";

import { AuditView } from "./audit-view";
import { SignedIn } from "./signed-in";

export function AuditPage() {
  return <SignedIn>{() => <AuditView />}</SignedIn>;
}
