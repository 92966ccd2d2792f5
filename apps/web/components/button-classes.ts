/**
 * Button looks shared by the operator pages. Every pair of text and background colours
 * keeps 4.5:1 in both themes. Unavailable actions use aria-disabled rather than disabled, so
 * a button that becomes unavailable after its own click (nothing left selected) keeps focus;
 * dimmed to 75 %, their text still keeps 4.5:1.
 */
const base =
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap shadow-xs aria-disabled:cursor-not-allowed aria-disabled:opacity-75";

export const primaryButton = `${base} bg-blue-700 text-white hover:bg-blue-800 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400`;

export const secondaryButton = `${base} border border-slate-400 bg-white text-slate-900 hover:bg-slate-50 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;

export const dangerButton = `${base} bg-red-700 text-white hover:bg-red-800 dark:bg-red-400 dark:text-slate-950 dark:hover:bg-red-300`;

/** Text fields and selects: a 3:1 border against the page in both themes. */
export const fieldBase =
  "rounded-md border border-slate-500 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs aria-invalid:border-2 aria-invalid:border-red-700 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100 dark:aria-invalid:border-red-400";

export const fieldClass = `${fieldBase} mt-1 block w-full`;

export const labelClass = "block text-sm font-medium text-slate-900 dark:text-slate-100";

export const hintClass = "mt-1 text-xs text-slate-600 dark:text-slate-300";
