"use client";

import { useEffect, type ReactNode } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useAuth } from "./auth-provider";
import { SignInForm } from "./sign-in-form";

export const ACCOUNT_PATH = "/account";

function Loading({ text }: { text: string }) {
  return (
    <div className="py-16 text-center text-slate-600 dark:text-slate-300">
      <p>{text}</p>
      <noscript>
        <p className="mt-2">The Switchyard dashboard needs JavaScript.</p>
      </noscript>
    </div>
  );
}

/**
 * Shows the sign-in form until a token or session is there, then the page. A person who must
 * enrol a second factor first (an admin requires MFA for everyone) is taken to the account page.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { status, session } = useAuth();
  const pathname = usePathname();
  const router = useRouter();
  const mustEnrol = status === "session" && session?.mfaEnrollmentRequired === true && pathname !== ACCOUNT_PATH;

  useEffect(() => {
    if (mustEnrol) router.replace(ACCOUNT_PATH);
  }, [mustEnrol, router]);

  if (status === "loading") return <Loading text="Loading the dashboard…" />;
  if (status === "signed-out") return <SignInForm />;
  if (mustEnrol) return <Loading text="An administrator requires a second factor for every account: opening your account page to set one up…" />;
  return <>{children}</>;
}
