"use client";

import { Fragment, type ReactNode } from "react";
import { AuthGate } from "./auth-gate";
import { useAuth } from "./auth-provider";

function WithToken({ render }: { render: (token: string) => ReactNode }) {
  const { token } = useAuth();
  // Keyed by token: a new sign-in starts the page over (fresh polling, no stale selections).
  return token ? <Fragment key={token}>{render(token)}</Fragment> : null;
}

/** The sign-in form until a token is stored, then `children(token)`. */
export function SignedIn({ children }: { children: (token: string) => ReactNode }) {
  return (
    <AuthGate>
      <WithToken render={children} />
    </AuthGate>
  );
}
