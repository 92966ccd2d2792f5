import type { Metadata } from "next";
import { CollectionsPage } from "../../components/collections-page";

export const metadata: Metadata = { title: "Collections" };

export default function Page() {
  return <CollectionsPage />;
}
