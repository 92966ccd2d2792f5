import type { Metadata } from "next";
import { CollectionsDetailPage } from "../../../components/collections-detail-page";

interface Props {
  params: Promise<{ name: string }>;
}

/** The route parameter as typed (Next hands it over still percent-encoded in some versions). */
function nameOf(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Collection ${nameOf(name).slice(0, 100)}` };
}

// Any name renders the page: one Chroma does not have gets the page's own "no such collection".
export default async function Page({ params }: Props) {
  const { name } = await params;
  return <CollectionsDetailPage name={nameOf(name)} />;
}
