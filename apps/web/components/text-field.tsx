"use client";

import { useId, type Ref } from "react";
import { fieldClass, hintClass, labelClass } from "./button-classes";

/**
 * A labelled text input with an optional hint; when `invalid`, it is marked aria-invalid and
 * described by the form's alert (`errorId`) as well, so the reason is read with the field.
 */
export function TextField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "email" | "password" | "datetime-local";
  hint?: string;
  invalid?: boolean;
  errorId?: string;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "email";
  maxLength?: number;
  required?: boolean;
  mono?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const describedBy = [props.hint ? hintId : null, props.invalid && props.errorId ? props.errorId : null].filter(Boolean).join(" ");
  return (
    <div className={props.className}>
      <label htmlFor={id} className={labelClass}>
        {props.label}
      </label>
      <input
        ref={props.inputRef}
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete={props.autoComplete ?? "off"}
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.invalid || undefined}
        aria-describedby={describedBy || undefined}
        className={`${fieldClass}${props.mono ? " font-mono" : ""}`}
      />
      {props.hint ? (
        <p id={hintId} className={hintClass}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
