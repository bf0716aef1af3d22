import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { RoleBadge } from "@/components/ui/badges";
import { NavLink } from "@/components/ui/nav-link";

export interface HeaderUser {
  name: string | null;
  email: string | null;
  role: string;
}

export function SiteHeader({ user, showAdmin, unread = 0 }: { user: HeaderUser | null; showAdmin: boolean; unread?: number }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand" aria-label="PromptPool home">
          <span className="brand-mark" aria-hidden>
            PP
          </span>
          PromptPool
        </Link>
        <nav className="nav" aria-label="Main">
          <NavLink href="/">Pool</NavLink>
          <NavLink href="/datasets">Datasets</NavLink>
          <NavLink href="/search">Search</NavLink>
          <NavLink href="/overview">Overview</NavLink>
          <NavLink href="/viewer">Viewer</NavLink>
          <NavLink href="/releases">Releases</NavLink>
          {user ? <NavLink href="/mixtures">Mixtures</NavLink> : null}
          {user ? <NavLink href="/review">Review</NavLink> : null}
          <NavLink href="/api-docs">API</NavLink>
          {showAdmin ? <NavLink href="/admin/users">Users</NavLink> : null}
          {showAdmin ? <NavLink href="/admin/audit">Audit</NavLink> : null}
          {showAdmin ? <NavLink href="/admin/settings">Settings</NavLink> : null}
        </nav>
        <div className="nav-right">
          {user ? (
            <>
              <Link href="/notifications" className="nav-user" aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"} data-testid="notifications-link">
                Notifications{unread > 0 ? <span className="unread-count" data-testid="unread-count">{unread}</span> : null}
              </Link>
              <Link href="/account" className="nav-user">
                {user.name || user.email} {user.role !== "contributor" ? <RoleBadge role={user.role} /> : null}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="button secondary small">
                Sign in
              </Link>
              <Link href="/sign-up" className="button small">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
