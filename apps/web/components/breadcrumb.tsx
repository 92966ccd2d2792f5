import Link from "next/link";

/** "Parent / this page": the way back to a list from one of its items. */
export function Breadcrumb(props: { parentHref: string; parentLabel: string; current: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700 dark:text-slate-200">
        <li>
          <Link href={props.parentHref} className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">
            {props.parentLabel}
          </Link>
        </li>
        <li aria-hidden="true">/</li>
        <li className="min-w-0 break-all">
          <span aria-current="page">{props.current}</span>
        </li>
      </ol>
    </nav>
  );
}
