import Link from "next/link";
import { Breadcrumb } from "./breadcrumb";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";

/** A detail page whose item does not exist: the way back, what may have happened, and where to look instead. */
export function MissingItem(props: {
  /** The list the item belongs to, e.g. "/tasks". */
  parentHref: string;
  parentLabel: string;
  /** The item's kind as a capitalised noun, e.g. "Task". */
  noun: string;
  id: string;
  title: string;
  description: string;
  /** The link to the list, e.g. "Search the tasks". */
  linkText: string;
}) {
  return (
    <div className="space-y-6">
      <Breadcrumb parentHref={props.parentHref} parentLabel={props.parentLabel} current={`${props.noun} ${props.id}`} />
      <PageHeader title={props.title} description={props.description} />
      <Notice tone="warning">
        There is no {props.noun.toLowerCase()} with the id <span className="font-mono break-all">{props.id}</span>.{" "}
        <Link href={props.parentHref} className="text-blue-800 underline underline-offset-2 dark:text-blue-300">
          {props.linkText}
        </Link>{" "}
        instead.
      </Notice>
    </div>
  );
}
