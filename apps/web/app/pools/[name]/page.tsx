import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { POOL_NAMES, poolNameSchema } from "@switchyard/shared/pools";
import { PoolDetailPage } from "../../../components/pool-detail-page";

interface Props {
  params: Promise<{ name: string }>;
}

// The pools are fixed by the manifest's schema: one prebuilt page each, anything else is a 404.
export const dynamicParams = false;

export function generateStaticParams(): Array<{ name: string }> {
  return POOL_NAMES.map((name) => ({ name }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Pool ${name}` };
}

export default async function Page({ params }: Props) {
  const parsed = poolNameSchema.safeParse((await params).name);
  if (!parsed.success) notFound();
  return <PoolDetailPage name={parsed.data} />;
}
