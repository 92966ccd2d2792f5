import Link from "next/link";
import { collectionHref } from "../lib/collections";
import { formatInt } from "../lib/format";
import { TableRegion } from "./table-region";
import { tbody, td, th, thead } from "./table-classes";

export interface CollectionRow {
  name: string;
  chunks: number;
  /** Documents in it; null when they could not be counted (the collection went away meanwhile). */
  documents: number | null;
  /** Only the first 10,000 chunks were read: the document count is a lower bound. */
  truncated: boolean;
}

/** The collections: name (to its page), documents and chunks. */
export function CollectionsTable(props: { rows: readonly CollectionRow[]; busy?: boolean }) {
  return (
    <TableRegion captionId="collections-caption" caption="Collections: name, documents and chunks" busy={props.busy}>
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>
            Collection
          </th>
          <th scope="col" className={`${th} text-right`}>
            Documents
          </th>
          <th scope="col" className={`${th} text-right`}>
            Chunks
          </th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {props.rows.map((c) => (
          <tr key={c.name} data-collection={c.name}>
            <th scope="row" className={`${td} text-left font-mono text-sm font-normal break-all`}>
              <Link href={collectionHref(c.name)} className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">
                {c.name}
              </Link>
            </th>
            <td className={`${td} text-right tabular-nums`} data-col="documents">
              {c.documents === null ? "—" : `${c.truncated ? "at least " : ""}${formatInt(c.documents)}`}
            </td>
            <td className={`${td} text-right tabular-nums`} data-col="chunks">
              {formatInt(c.chunks)}
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
