"use client";

import { AuthGate } from "./auth-gate";
import { useAuth } from "./auth-provider";
import { PoolsOverview } from "./pools-overview";

function SignedInOverview() {
  const { token } = useAuth();
  // Keyed by token: a new sign-in starts fresh polling and a fresh socket.
  return token ? <PoolsOverview key={token} token={token} /> : null;
}

export function OverviewPage() {
  return (
    <AuthGate>
      <SignedInOverview />
    </AuthGate>
  );
}
