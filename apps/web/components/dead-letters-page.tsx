"use client";

import { DeadLettersView } from "./dead-letters-view";
import { SignedIn } from "./signed-in";

export function DeadLettersPage(props: { pools: readonly string[]; types: readonly string[] }) {
  return <SignedIn>{() => <DeadLettersView pools={props.pools} types={props.types} />}</SignedIn>;
}
