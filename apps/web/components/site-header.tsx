"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import type { Permission } from "@switchyard/shared/permissions";
import { describeError } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";

/** Each page and the permission its data needs: a link shows only to those who may use it. */
const NAV: ReadonlyArray<{ href: string; label: string; needs: Permission }> = [
  { href: "/", label: "Overview", needs: "pools:read" },
  { href: "/tasks", label: "Tasks", needs: "tasks:read" },
  { href: "/dead-letters", label: "Dead letters", needs: "tasks:read" },
  { href: "/workers", label: "Workers", needs: "pools:read" },
  { href: "/gpu", label: "GPU", needs: "pools:read" },
  { href: "/collections", label: "Collections", needs: "collections:read" },
  { href: "/batches", label: "Batches", needs: "tasks:read" },
  { href: "/schedules", label: "Schedules", needs: "schedules:read" },
  { href: "/tokens", label: "Tokens", needs: "tokens:own" },
  { href: "/users", label: "Users", needs: "users:manage" },
  { href: "/audit", label: "Audit log", needs: "audit:read" },
];

const headerButton =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-xs hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";
const headerLink =
  "rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 underline-offset-2 hover:bg-slate-100 hover:text-slate-900 hover:underline dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white";

/** The page itself, or (not for "/") a page below it. */
function isCurrent(pathname: string | null, href: string): boolean {
  if (!pathname) return false;
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

function Logo() {
  return (
    <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false" className="shrink-0">
      <rect width="32" height="32" rx="7" className="fill-blue-700 dark:fill-blue-500" />
      <path
        d="M7 22h6l6-12h6M7 10h6l2.5 5M19 22h6"
        fill="none"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="stroke-white dark:stroke-slate-950"
      />
    </svg>
  );
}

/** Product name, primary navigation and the session control. */
export function SiteHeader() {
  const { status, session, signOut, signOutEverywhere, can } = useAuth();
  const pathname = usePathname();
  const [error, setError] = useState<string | null>(null);
  const signedIn = status === "token" || status === "session";
  const nav = signedIn ? NAV.filter((item) => can(item.needs)) : [];

  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-[96rem] flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3 sm:px-6 lg:px-8">
        <Link href="/" className="flex items-center gap-2.5 rounded-md text-slate-900 dark:text-white">
          <Logo />
          <span className="text-lg font-semibold tracking-tight">Switchyard</span>
          <span className="hidden text-sm font-normal text-slate-600 sm:inline dark:text-slate-300">Operations</span>
        </Link>

        <nav aria-label="Primary" className="order-last w-full sm:order-none sm:w-auto">
          <ul className="flex flex-wrap items-center gap-1">
            {nav.map((item) => {
              const current = isCurrent(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    className={
                      current
                        ? "block rounded-md bg-slate-100 px-3 py-1.5 text-sm font-medium text-slate-900 dark:bg-slate-800 dark:text-white"
                        : "block rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
                    }
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>

        <div className="ml-auto flex flex-wrap items-center justify-end gap-2">
          {/* Served by the API app (not a Next page), so a plain link: a full page load. */}
          <a href="/docs" className={headerLink}>
            API docs
          </a>
          {status === "session" && session ? (
            <Link href="/account" aria-current={isCurrent(pathname, "/account") ? "page" : undefined} className={`${headerLink} aria-[current=page]:bg-slate-100 dark:aria-[current=page]:bg-slate-800`}>
              Account<span className="sr-only"> ({session.user.name})</span>
            </Link>
          ) : null}
          {signedIn ? (
            <button type="button" onClick={() => signOut("user")} className={headerButton}>
              Sign out
            </button>
          ) : null}
          {status === "session" ? (
            <button
              type="button"
              onClick={() => {
                setError(null);
                signOutEverywhere().catch((err: unknown) => setError(`Could not sign out everywhere: ${describeError(err)}.`));
              }}
              className={headerButton}
            >
              Sign out everywhere
            </button>
          ) : null}
        </div>
      </div>
      <div role="alert" className="empty:hidden">
        {error ? <p className="mx-auto max-w-[96rem] px-4 pb-2 text-sm text-red-800 sm:px-6 lg:px-8 dark:text-red-200">{error}</p> : null}
      </div>
    </header>
  );
}
