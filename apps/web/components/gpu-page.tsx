"use client";

import { GpuView } from "./gpu-view";
import { SignedIn } from "./signed-in";

export function GpuPage() {
  return <SignedIn>{() => <GpuView />}</SignedIn>;
}
