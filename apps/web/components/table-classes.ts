/** Cell looks shared by the people, tokens and audit tables (the same as the workers table's). */
export const th = "px-2.5 py-2.5 text-left text-xs font-semibold whitespace-nowrap text-slate-700 dark:text-slate-200";
export const td = "px-2.5 py-3 align-top text-slate-900 dark:text-slate-100";
export const sub = "block text-xs text-slate-600 dark:text-slate-300";
export const thead = "border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/60";
export const tbody = "divide-y divide-slate-200 dark:divide-slate-800";
export const card = "rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-6 dark:border-slate-800 dark:bg-slate-900";
export const sectionHeading = "text-lg font-semibold text-slate-900 dark:text-white";
export const sectionText = "text-sm text-slate-600 dark:text-slate-300";
