"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { useAuth } from "./auth-provider";

/** The page's h1 (with an optional state badge), a description and an aside (refresh state); h1 takes focus after sign-in. */
export function PageHeader(props: { title: ReactNode; badge?: ReactNode; description: ReactNode; aside?: ReactNode }) {
  const { title, badge, description, aside } = props;
  const { lastEvent } = useAuth();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Just signed in: move focus to the heading so keyboard and screen-reader users land here.
  useEffect(() => {
    if (lastEvent === "signed-in") headingRef.current?.focus();
  }, []); // on mount only

  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <div className="flex flex-wrap items-center gap-3">
          <h1 ref={headingRef} tabIndex={-1} className="w-fit text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
            {title}
          </h1>
          {/* Beside the heading, not in it: the heading's name stays the page's name. */}
          {badge}
        </div>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-300">{description}</p>
      </div>
      {aside}
    </div>
  );
}
