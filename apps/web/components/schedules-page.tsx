"use client";

import { SchedulesView } from "./schedules-view";
import { SignedIn } from "./signed-in";

export function SchedulesPage() {
  return <SignedIn>{() => <SchedulesView />}</SignedIn>;
}
