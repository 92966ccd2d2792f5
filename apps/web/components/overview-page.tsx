"use client";

import { AuthGate } from "./auth-gate";
import { useAuth } from "./auth-provider";
import { PoolsOverview } from "./pools-overview";
import { TaskStatsCharts } from "./task-stats-charts";

function SignedInOverview() {
  const { token, credentialKey } = useAuth();
  // Keyed by who is signed in: a new sign-in starts fresh polling and a fresh socket.
  // Without a pasted token the socket authenticates with the session cookie.
  return credentialKey ? (
    <div key={credentialKey} className="space-y-6">
      <PoolsOverview token={token ?? null} />
      <TaskStatsCharts />
    </div>
  ) : null;
}

export function OverviewPage() {
  return (
    <AuthGate>
      <SignedInOverview />
    </AuthGate>
  );
}
