"use client";

import { useState } from "react";
import { secondaryButton } from "./button-classes";

/** Copies `text` to the clipboard and says so (politely) in its own label's status line. */
export function CopyButton(props: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={secondaryButton}
        onClick={() => {
          navigator.clipboard.writeText(props.text).then(
            () => setState("copied"),
            () => setState("failed"),
          );
        }}
      >
        {props.label}
      </button>
      <span role="status" className="text-sm text-slate-700 dark:text-slate-200">
        {state === "copied" ? "Copied." : state === "failed" ? "Could not copy: select the text and copy it yourself." : ""}
      </span>
    </span>
  );
}
