import type { Metadata } from "next";
import { decodedSegment } from "../../../lib/route-segment";
import { TaskDetailPage } from "../../../components/task-detail-page";

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = decodedSegment((await params).id);
  return { title: `Task ${id.slice(0, 100)}` };
}

// Any id renders the page: one the API does not know (or cannot be an id) gets the page's own "no such task".
export default async function Page({ params }: Props) {
  const id = decodedSegment((await params).id);
  return <TaskDetailPage id={id} />;
}
