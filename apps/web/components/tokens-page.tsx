"use client";

import { SignedIn } from "./signed-in";
import { TokensView } from "./tokens-view";

export function TokensPage() {
  return <SignedIn>{() => <TokensView />}</SignedIn>;
}
