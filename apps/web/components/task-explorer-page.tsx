"use client";

import { SignedIn } from "./signed-in";
import { TaskExplorerView } from "./task-explorer-view";

export function TaskExplorerPage(props: { pools: readonly string[]; types: readonly string[] }) {
  return <SignedIn>{() => <TaskExplorerView pools={props.pools} types={props.types} />}</SignedIn>;
}
