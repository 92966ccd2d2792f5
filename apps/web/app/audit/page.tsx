import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditPage } from "../../components/audit-page";

export const metadata: Metadata = { title: "Audit log" };

// The filters live in the URL's query (useSearchParams): rendered in the browser, behind Suspense.
export default function Page() {
  return (
    <Suspense fallback={<p className="py-16 text-center text-slate-600 dark:text-slate-300">Loading the audit log…</p>}>
      <AuditPage />
    </Suspense>
  );
}
