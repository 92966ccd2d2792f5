import type { Metadata } from "next";
import { OverviewPage } from "../components/overview-page";

// The root layout's title template does not apply to its own segment, so the title is absolute here.
export const metadata: Metadata = { title: { absolute: "Overview · Switchyard" } };

export default function Page() {
  return <OverviewPage />;
}
