import type { Metadata } from "next";
import { TaskDetailPage } from "../../../components/task-detail-page";

interface Props {
  params: Promise<{ id: string }>;
}

/** Links encode ids (a schedule's firings are `repeat:<schedule>:<ms>`); whether the segment arrives decoded or not, the page gets the id. */
function idOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = idOf((await params).id);
  return { title: `Task ${id.slice(0, 100)}` };
}

// Any id renders the page: one the API does not know (or cannot be an id) gets the page's own "no such task".
export default async function Page({ params }: Props) {
  const id = idOf((await params).id);
  return <TaskDetailPage id={id} />;
}
