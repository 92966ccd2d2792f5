"use client";

import { useEffect, useRef } from "react";
import { CopyButton } from "./copy-button";

/**
 * The one-time recovery codes, right after the first second factor (an authenticator app or a
 * passkey): shown this once, copyable, then dismissed.
 */
export function RecoveryCodes(props: { codes: readonly string[]; onDone: () => void; factor?: "app" | "passkey" }) {
  const passkey = props.factor === "passkey";
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <div className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950">
      <h3 ref={headingRef} tabIndex={-1} className="font-semibold text-emerald-900 dark:text-emerald-100">
        {passkey ? "Your passkey is added." : "Your authenticator app is set up."} Save these recovery codes now
      </h3>
      <p className="text-sm text-emerald-900 dark:text-emerald-100">
        {passkey
          ? "Each code signs you in once in place of the passkey, if you lose it. "
          : "Each code signs you in once in place of an app code, if you lose the phone. "}
        They are shown this once: store them somewhere safe (a password manager).
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 font-mono text-sm text-slate-900 sm:grid-cols-3 dark:text-slate-100">
        {props.codes.map((c) => (
          <li key={c} className="rounded bg-white px-2 py-1 dark:bg-slate-900">
            {c}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={props.codes.join("\n")} label="Copy the codes" />
        <button
          type="button"
          onClick={props.onDone}
          className="inline-flex items-center justify-center rounded-md bg-emerald-800 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-emerald-900 dark:bg-emerald-300 dark:text-slate-950 dark:hover:bg-emerald-200"
        >
          I have saved them
        </button>
      </div>
    </div>
  );
}
