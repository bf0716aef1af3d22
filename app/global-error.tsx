"use client";

import "./globals.css";
import { ErrorView } from "@/components/ui/error-view";

/** Replaces the root layout when it fails itself (e.g. the session lookup). */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="page">
          <ErrorView error={error} reset={reset} />
        </main>
      </body>
    </html>
  );
}
