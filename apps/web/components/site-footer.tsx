export function SiteFooter() {
  return (
    <footer className="mt-auto border-t border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-[96rem] flex-wrap items-center justify-between gap-2 px-4 py-4 text-sm text-slate-600 sm:px-6 lg:px-8 dark:text-slate-300">
        <p>Switchyard — self-hosted background work: queues, worker pools and a GPU runner.</p>
        <p>Pool figures refresh every 2 s while this tab is visible; task events stream live.</p>
      </div>
    </footer>
  );
}
