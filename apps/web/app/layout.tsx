import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AuthProvider } from "../components/auth-provider";
import { SiteFooter } from "../components/site-footer";
import { SiteHeader } from "../components/site-header";
import { StepUpDialog } from "../components/step-up-dialog";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Operations dashboard for Switchyard: worker pools, queues, live task events.",
  applicationName: "Switchyard",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f172a" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-4 py-2 font-medium text-blue-800 shadow-lg focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 dark:bg-slate-900 dark:text-blue-300"
        >
          Skip to main content
        </a>
        <AuthProvider>
          <SiteHeader />
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[96rem] flex-1 px-4 py-6 sm:px-6 lg:px-8">
            {children}
          </main>
          <SiteFooter />
          <StepUpDialog />
        </AuthProvider>
      </body>
    </html>
  );
}
