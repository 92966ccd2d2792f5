"use client";

import { SignedIn } from "./signed-in";
import { TaskDetailView } from "./task-detail-view";

export function TaskDetailPage({ id }: { id: string }) {
  return <SignedIn>{() => <TaskDetailView id={id} />}</SignedIn>;
}
