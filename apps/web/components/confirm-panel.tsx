"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { dangerButton, secondaryButton } from "./button-classes";

/**
 * An inline confirmation step for a destructive or wide-reaching action (not a modal: the
 * rest of the page stays usable). On open, focus goes to the safe choice; Escape cancels.
 * The caller returns focus to the control that opened it.
 */
export function ConfirmPanel(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  busyLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ids = { title: useId(), body: useId() };
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  return (
    <div
      role="group"
      aria-labelledby={ids.title}
      aria-describedby={ids.body}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !props.busy) {
          e.stopPropagation();
          props.onCancel();
        }
      }}
      className="mt-3 rounded-lg border border-red-300 bg-red-50 p-4 dark:border-red-800 dark:bg-red-950"
    >
      <p id={ids.title} className="font-semibold text-red-900 dark:text-red-100">
        {props.title}
      </p>
      <div id={ids.body} className="mt-1 text-sm text-red-900 dark:text-red-100">
        {props.children}
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" className={dangerButton} onClick={() => !props.busy && props.onConfirm()}>
          {props.busy ? (props.busyLabel ?? "Working…") : props.confirmLabel}
        </button>
        <button ref={cancelRef} type="button" className={secondaryButton} onClick={() => !props.busy && props.onCancel()}>
          {props.cancelLabel ?? "Cancel"}
        </button>
      </div>
    </div>
  );
}
