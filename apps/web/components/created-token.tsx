"use client";

import { useEffect, useId, useRef } from "react";
import { secondaryButton } from "./button-classes";
import { CopyButton } from "./copy-button";
import type { CreatedToken } from "./create-token-form";

/** A new token's secret: shown this once (the server keeps only its hash), with a copy button. */
export function CreatedTokenPanel(props: { token: CreatedToken; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const secretId = useId();
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <div className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950">
      <h3 ref={headingRef} tabIndex={-1} className="font-semibold text-emerald-900 dark:text-emerald-100">
        Token “{props.token.name}” created. Copy it now: it is shown this once
      </h3>
      <label htmlFor={secretId} className="block text-sm font-medium text-emerald-900 dark:text-emerald-100">
        The new token
      </label>
      <input
        id={secretId}
        readOnly
        value={props.token.token}
        data-new-token=""
        onFocus={(e) => e.currentTarget.select()}
        className="block w-full rounded-md border border-slate-500 bg-white px-2.5 py-1.5 font-mono text-sm text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100"
      />
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={props.token.token} label="Copy the token" />
        <button type="button" className={secondaryButton} onClick={props.onDone}>
          Done, hide it
        </button>
      </div>
    </div>
  );
}
