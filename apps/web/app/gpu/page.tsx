import type { Metadata } from "next";
import { GpuPage } from "../../components/gpu-page";

export const metadata: Metadata = { title: "GPU runner" };

export default function Page() {
  return <GpuPage />;
}
