import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/ui/site-header";
import { getSessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { countUnreadNotifications } from "@/lib/db";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "PromptPool", template: "%s · PromptPool" },
  description: "Write, review and publish PromptSource prompt templates.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  const unread = user ? await countUnreadNotifications(user.id) : 0;
  return (
    <html lang="en">
      <body>
        <SiteHeader user={user} showAdmin={can(user, "user.list")} unread={unread} />
        <main className="page">{children}</main>
        <footer className="site-footer">PromptPool — prompt templates in PromptSource format, reviewed and pooled.</footer>
      </body>
    </html>
  );
}
