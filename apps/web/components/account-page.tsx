"use client";

import { AccountView } from "./account-view";
import { SignedIn } from "./signed-in";

export function AccountPage() {
  return <SignedIn>{() => <AccountView />}</SignedIn>;
}
