import type { Metadata } from "next";
import { decodedSegment } from "../../../lib/route-segment";
import { BatchesDetailPage } from "../../../components/batches-detail-page";

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = decodedSegment((await params).id);
  return { title: `Batch ${id.slice(0, 100)}` };
}

// Any id renders the page: one the API does not know (or that is no batch) gets "batch not found".
export default async function Page({ params }: Props) {
  const id = decodedSegment((await params).id);
  return <BatchesDetailPage id={id} />;
}
