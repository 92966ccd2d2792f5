"use client";

import { Fragment, type ReactNode } from "react";
import { AuthGate } from "./auth-gate";
import { useAuth } from "./auth-provider";

function WithCredential({ render }: { render: (key: string) => ReactNode }) {
  const { credentialKey } = useAuth();
  // Keyed by who is signed in: a new sign-in starts the page over (fresh polling, no stale selections).
  return credentialKey ? <Fragment key={credentialKey}>{render(credentialKey)}</Fragment> : null;
}

/** The sign-in form until a token or session is there, then `children(credentialKey)`. */
export function SignedIn({ children }: { children: (credentialKey: string) => ReactNode }) {
  return (
    <AuthGate>
      <WithCredential render={children} />
    </AuthGate>
  );
}
