"use client";

import type { ReactNode } from "react";
import { useAuth } from "./auth-provider";
import { SignInForm } from "./sign-in-form";

/** Shows the sign-in form until a token is stored, then the page. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { token } = useAuth();
  if (token === undefined) {
    return (
      <div className="py-16 text-center text-slate-600 dark:text-slate-300">
        <p>Loading the dashboard…</p>
        <noscript>
          <p className="mt-2">The Switchyard dashboard needs JavaScript.</p>
        </noscript>
      </div>
    );
  }
  if (token === null) return <SignInForm />;
  return <>{children}</>;
}
