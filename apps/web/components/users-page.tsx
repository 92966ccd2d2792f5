"use client";

import { SignedIn } from "./signed-in";
import { UsersView } from "./users-view";

export function UsersPage() {
  return <SignedIn>{() => <UsersView />}</SignedIn>;
}
