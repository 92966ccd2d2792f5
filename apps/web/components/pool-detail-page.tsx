"use client";

import type { PoolName } from "@switchyard/shared/pools";
import { PoolDetailView } from "./pool-detail-view";
import { SignedIn } from "./signed-in";

export function PoolDetailPage({ name }: { name: PoolName }) {
  return <SignedIn>{() => <PoolDetailView name={name} />}</SignedIn>;
}
