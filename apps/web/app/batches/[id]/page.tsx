import type { Metadata } from "next";
import { BatchesDetailPage } from "../../../components/batches-detail-page";

interface Props {
  params: Promise<{ id: string }>;
}

/** Whether the segment arrives decoded or not, the page gets the id (links encode it). */
function idOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = idOf((await params).id);
  return { title: `Batch ${id.slice(0, 100)}` };
}

// Any id renders the page: one the API does not know (or that is no batch) gets "batch not found".
export default async function Page({ params }: Props) {
  const id = idOf((await params).id);
  return <BatchesDetailPage id={id} />;
}
